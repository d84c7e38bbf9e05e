import Foundation
import ReelCore

/// Which sources the service may read: an allow-list of URI prefixes, plus a guard against
/// requests into the service's own network.
///
/// A prefix names a scheme (`s3://`, `https://`), a bucket (`s3://uploads/`), a host
/// (`https://media.example.com/`) or a directory (`/srv/tusd/`, `file:///srv/tusd/`). Local paths
/// are compared after resolving `..` and symbolic links, so a path cannot climb out of an allowed
/// directory. `http(s)` sources whose host resolves to a loopback, link-local, private or
/// otherwise non-public address are refused unless `allowPrivateNetworks` is set.
public struct SourcePolicy: Sendable, Equatable {
    /// The allowed URI prefixes.
    public var allowedPrefixes: [String]
    /// Whether `http(s)` sources may point into loopback, link-local and private networks.
    public var allowPrivateNetworks: Bool

    /// The default: objects in any bucket of the configured S3 endpoint and public `http(s)`
    /// URLs; no local files and no `data:` URIs.
    public static let defaultPrefixes = ["s3://", "https://", "http://"]

    /// Creates a policy.
    /// - Parameters:
    ///   - allowedPrefixes: The allowed URI prefixes.
    ///   - allowPrivateNetworks: Whether `http(s)` sources may reach non-public addresses.
    public init(allowedPrefixes: [String] = SourcePolicy.defaultPrefixes, allowPrivateNetworks: Bool = false) {
        self.allowedPrefixes = allowedPrefixes
        self.allowPrivateNetworks = allowPrivateNetworks
    }

    /// Checks a source URI.
    /// - Parameter uri: The job's source.
    /// - Throws: `ReelError.permanent` naming the source and the rule it breaks.
    public func check(_ uri: String) throws(ReelError) {
        let location = try MediaSource(uri: uri).location()
        let canonical: String
        switch location {
        case .file(let path):
            canonical = Self.resolvedPath(path)
        case .http(let url):
            canonical = url
        case .s3(let bucket, let key):
            canonical = "s3://\(bucket)/\(key)"
        case .data:
            canonical = "data:"
        }
        guard allowedPrefixes.contains(where: { Self.matches(canonical, prefix: $0) }) else {
            throw .permanent(
                "source \(MediaSource(uri: uri)) is not allowed (allowed: \(allowedPrefixes.joined(separator: ", ")))")
        }
        if case .http(let url) = location, !allowPrivateNetworks {
            guard let host = URL(string: url)?.host else { throw .permanent("\(uri): not a valid URL") }
            let addresses = NetworkAddress.resolve(host: host)
            guard !addresses.isEmpty else { throw .transient("\(uri): host \(host) could not be resolved") }
            if let inside = addresses.first(where: { !$0.isPublic }) {
                throw .permanent(
                    "source \(uri) resolves to non-public address \(inside) (sources in private networks are refused)")
            }
        }
    }

    /// Whether `canonical` falls under `prefix` (schemes and hosts case-insensitively; paths by component).
    static func matches(_ canonical: String, prefix rawPrefix: String) -> Bool {
        var prefix = rawPrefix
        if prefix.lowercased().hasPrefix("file://") { prefix = String(prefix.dropFirst(7)) }
        if prefix.hasPrefix("/") {
            let directory = resolvedPath(prefix)
            guard canonical.hasPrefix("/") else { return false }
            return canonical == directory || canonical.hasPrefix(directory.hasSuffix("/") ? directory : directory + "/")
        }
        guard let schemeEnd = prefix.range(of: "://") else { return canonical.hasPrefix(prefix) }
        let scheme = prefix[..<schemeEnd.upperBound].lowercased()
        guard canonical.lowercased().hasPrefix(scheme) else { return false }
        let rest = prefix[schemeEnd.upperBound...]
        let canonicalRest = canonical.dropFirst(scheme.count)
        if rest.isEmpty { return true }
        // A prefix naming a bucket or host must match it whole: `s3://up/` does not allow `s3://uploads/…`.
        let authority = rest.prefix { $0 != "/" }
        let canonicalAuthority = canonicalRest.prefix { $0 != "/" }
        guard authority.lowercased() == canonicalAuthority.lowercased() else { return false }
        return canonicalRest.dropFirst(canonicalAuthority.count).hasPrefix(rest.dropFirst(authority.count))
    }

    /// The absolute path with `.`, `..` and symbolic links resolved (as far as the path exists).
    static func resolvedPath(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
