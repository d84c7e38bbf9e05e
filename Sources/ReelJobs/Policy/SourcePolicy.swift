import Foundation
import ReelCore

/// The one policy for every reference a job carries — its source, its callback URL, an SNS
/// `SubscribeURL` — so each is parsed, normalised and checked the same way everywhere.
///
/// Parsing is strict: control characters, raw or percent-encoded at any depth (`\0`, `%00`,
/// `%2500`), are refused. A local path or `file://` URI (decoded once) is made canonical —
/// absolute, `.`/`..` and symbolic links resolved — before the allow-list sees it, and the job
/// then uses that canonical path, so what is opened is what was checked. URLs are normalised
/// (`WebAddress`) before prefix checks and requested in that form. S3 keys may not hold `.` or
/// `..` segments. A refusal never says whether the target exists.
///
/// Sources must fall under an allowed prefix: a scheme (`s3://`, `https://`), a bucket
/// (`s3://uploads/`), a host (`https://media.example.com/`), a directory (`/srv/tusd/`,
/// `file:///srv/tusd/`) or `data:`. `http(s)` sources and callbacks whose host resolves to a
/// loopback, link-local, private or otherwise non-public address are refused unless
/// `allowPrivateNetworks` is set.
public struct SourcePolicy: Sendable, Equatable {
    /// The allowed URI prefixes.
    var allowedPrefixes: [String]
    /// Whether `http(s)` sources and callbacks may point into loopback, link-local and private
    /// networks.
    var allowPrivateNetworks: Bool

    /// The default: objects in any bucket of the configured S3 endpoint and public `http(s)`
    /// URLs; no local files and no `data:` URIs.
    public static let defaultPrefixes = ["s3://", "https://", "http://"]

    /// The most characters of a reference a message repeats.
    static let shownLength = 200

    /// Creates a policy.
    /// - Parameters:
    ///   - allowedPrefixes: The allowed URI prefixes.
    ///   - allowPrivateNetworks: Whether `http(s)` sources and callbacks may reach non-public addresses.
    public init(allowedPrefixes: [String] = SourcePolicy.defaultPrefixes, allowPrivateNetworks: Bool = false) {
        self.allowedPrefixes = allowedPrefixes
        self.allowPrivateNetworks = allowPrivateNetworks
    }

    /// Checks a source and returns the reference a job must use from then on.
    /// - Parameter uri: The job's source.
    /// - Returns: The canonical source: an absolute path without links, a normalised URL, or
    ///   `s3://BUCKET/KEY` / the `data:` URI as given.
    /// - Throws: `ReelError.permanent` naming the rule and the setting that would allow the
    ///   source, `ReelError.transient` when its host cannot be resolved now.
    @discardableResult
    func check(_ uri: String) throws(ReelError) -> String {
        do {
            return try admit(uri)
        } catch {
            throw error.reelError
        }
    }

    /// Checks a source and returns the reference a job must use from then on.
    /// - Parameter uri: The job's source.
    /// - Returns: The canonical source.
    /// - Throws: `ReferenceRefusal` saying what is wrong and which setting would allow it.
    public func admit(_ uri: String) throws(ReferenceRefusal) -> String {
        try admitted(uri).reference
    }

    /// Checks a source like `admit`, and for an `http(s)` source also returns the public
    /// addresses its host resolved to, so that it is read from exactly those (no second lookup
    /// between the check and the fetch to rebind).
    /// - Parameter uri: The job's source.
    /// - Returns: The canonical source and, for `http(s)`, the checked address.
    /// - Throws: `ReferenceRefusal` saying what is wrong and which setting would allow it.
    func admitted(_ uri: String) throws(ReferenceRefusal) -> AdmittedReference {
        let shown = SafeText.escaped(
            Redaction.redacted(uri.hasPrefix("data:") ? MediaSource(uri: uri).description : uri),
            limit: Self.shownLength)
        guard !SafeText.containsControlAtAnyEncoding(uri) else {
            throw ReferenceRefusal(.malformed, "source '\(shown)' contains a control character")
        }
        let location: MediaSource.Location
        if uri.lowercased().hasPrefix("file://") {
            // Decoded once, here, so `%2f` and `%2e` are resolved like the characters they encode.
            let path = uri.dropFirst(7)
            guard path.hasPrefix("/"), !path.contains("?"), !path.contains("#") else {
                throw ReferenceRefusal(
                    .malformed, "source '\(shown)': a file:// URI names an absolute path (file:///PATH), nothing more")
            }
            location = .file(path: SafeText.percentDecoded(path))
        } else {
            do {
                location = try MediaSource(uri: uri).location()
            } catch {
                throw ReferenceRefusal(.malformed, "source '\(shown)' is not a valid reference")
            }
        }
        let refused = ReferenceRefusal(
            .notAllowed,
            "source '\(shown)' is not allowed: it lies under no allowed prefix (\(allowedPrefixes.joined(separator: ", "))); "
                + "allow it with allow_sources in the configuration (REEL_ALLOW_SOURCES) or --allow-source PREFIX")
        switch location {
        case .file(let path):
            // Lexically first, so a path that leaves the allowed directories is refused without
            // the file system being asked anything about it.
            guard isAllowed(.file(LocalPath.lexical(path))) else { throw refused }
            let canonical = LocalPath.canonical(path)
            guard isAllowed(.file(canonical)) else { throw refused }
            return AdmittedReference(reference: canonical)
        case .http(let url):
            let address: WebAddress
            do {
                address = try WebAddress(url)
            } catch {
                throw ReferenceRefusal(.malformed, "source '\(shown)': \(error.reason)")
            }
            guard isAllowed(.web(address)) else { throw refused }
            let pinned = try pinnedAddresses(of: address, what: "source '\(shown)'")
            return AdmittedReference(
                reference: address.description, web: CheckedWebAddress(address: address, addresses: pinned))
        case .s3(let bucket, let key):
            let segments = key.split(separator: "/", omittingEmptySubsequences: false)
            guard Self.isBucketName(bucket), !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
            else {
                throw ReferenceRefusal(
                    .malformed, "source '\(shown)': an S3 source is s3://BUCKET/KEY without '.', '..' or empty parts")
            }
            guard isAllowed(.s3(bucket: bucket, key: key)) else { throw refused }
            return AdmittedReference(reference: "s3://\(bucket)/\(key)")
        case .data:
            guard isAllowed(.data) else { throw refused }
            return AdmittedReference(reference: uri)
        }
    }

    /// Checks a callback URL: an `http(s)` URL in normal form whose host, unless
    /// `allowPrivateNetworks` is set, resolves only to public addresses.
    /// - Parameters:
    ///   - url: The callback URL.
    ///   - unresolvedIsAccepted: Accept a host that cannot be resolved now (when a job is
    ///     submitted: it is checked again, and must resolve, when the callback is sent).
    /// - Returns: The URL in normal form and the addresses it was checked at (empty when private
    ///   networks are allowed or the host was not resolved), to connect to exactly those.
    /// - Throws: `ReferenceRefusal`.
    public func checkCallback(_ url: String, unresolvedIsAccepted: Bool = false) throws(ReferenceRefusal)
        -> CheckedWebAddress
    {
        let shown = SafeText.escaped(Redaction.redacted(url), limit: Self.shownLength)
        let address: WebAddress
        do {
            address = try WebAddress(url)
        } catch {
            throw ReferenceRefusal(
                .malformed, "callback_url '\(shown)' is not an http(s) URL Reel accepts: \(error.reason)")
        }
        do {
            let pinned = try pinnedAddresses(of: address, what: "callback_url '\(shown)'")
            return CheckedWebAddress(address: address, addresses: pinned)
        } catch  where error.kind == .unresolvable && unresolvedIsAccepted {
            return CheckedWebAddress(address: address, addresses: [])
        }
    }

    /// The addresses a URL's host resolves to, all public; none when private networks are allowed.
    private func pinnedAddresses(of address: WebAddress, what: String) throws(ReferenceRefusal) -> [NetworkAddress] {
        guard !allowPrivateNetworks else { return [] }
        let addresses = NetworkAddress.resolve(host: address.bareHost)
        guard !addresses.isEmpty else {
            throw ReferenceRefusal(.unresolvable, "\(what): host \(address.host) could not be resolved")
        }
        if let inside = addresses.first(where: { !$0.isPublic }) {
            throw ReferenceRefusal(
                .privateNetwork,
                "\(what) resolves to non-public address \(inside); private networks are refused unless "
                    + "allow_private_networks is set in the configuration (REEL_ALLOW_PRIVATE_NETWORKS) "
                    + "or --allow-private-networks is given")
        }
        return addresses
    }

    /// A checked reference, for matching against prefixes.
    enum Canonical {
        case file(String)
        case web(WebAddress)
        case s3(bucket: String, key: String)
        case data
    }

    func isAllowed(_ canonical: Canonical) -> Bool {
        allowedPrefixes.contains { Self.matches(canonical, prefix: $0) }
    }

    /// Whether a canonical reference falls under a prefix (schemes and hosts case-insensitively;
    /// paths and keys by whole components).
    static func matches(_ canonical: Canonical, prefix rawPrefix: String) -> Bool {
        let lower = rawPrefix.lowercased()
        switch canonical {
        case .file(let path):
            var prefix = rawPrefix
            if lower.hasPrefix("file://") { prefix = SafeText.percentDecoded(prefix.dropFirst(7)) }
            guard prefix.hasPrefix("/") else { return false }
            return LocalPath.isInside(path, LocalPath.canonical(prefix))
        case .web(let address):
            if lower == address.scheme + "://" { return true }
            guard lower.hasPrefix(address.scheme + "://"), let prefix = try? WebAddress(rawPrefix) else { return false }
            return address.isUnder(prefix)
        case .s3(let bucket, let key):
            guard lower.hasPrefix("s3://") else { return false }
            let rest = rawPrefix.dropFirst(5)
            if rest.isEmpty { return true }
            let prefixBucket = rest.prefix { $0 != "/" }
            guard prefixBucket.lowercased() == bucket.lowercased() else { return false }
            var keyPrefix = rest.dropFirst(prefixBucket.count).drop { $0 == "/" }
            while keyPrefix.hasSuffix("/") { keyPrefix = keyPrefix.dropLast() }
            return keyPrefix.isEmpty || key == keyPrefix || key.hasPrefix(keyPrefix + "/")
        case .data:
            return lower.hasPrefix("data:")
        }
    }

    /// A bucket name: letters, digits, `.`, `-`, `_`, at most 255 characters, no `..`.
    static func isBucketName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 255 && !name.contains("..")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
    }
}

/// A source that passed `SourcePolicy.admitted`: the reference a job uses from then on and, for
/// `http(s)`, the addresses its host was checked at.
struct AdmittedReference: Sendable, Equatable {
    /// The canonical reference.
    let reference: String
    /// The checked URL and addresses of an `http(s)` source; nil for other sources.
    let web: CheckedWebAddress?

    init(reference: String, web: CheckedWebAddress? = nil) {
        self.reference = reference
        self.web = web
    }
}

/// A URL that passed `SourcePolicy.checkCallback`: its normal form and the public addresses its
/// host resolved to, so a request can go to exactly those (no second lookup to rebind).
public struct CheckedWebAddress: Sendable, Equatable {
    /// The URL in normal form.
    public let address: WebAddress
    /// The checked addresses; empty when private networks are allowed.
    let addresses: [NetworkAddress]

    /// libcurl `CURLOPT_RESOLVE` entries (`HOST:PORT:ADDRESS,…`) that pin the host to the checked
    /// addresses; empty when nothing was checked.
    var resolveEntries: [String] {
        guard !addresses.isEmpty else { return [] }
        let list = addresses.map { $0.bytes.count == 16 ? "[\($0)]" : "\($0)" }.joined(separator: ",")
        return ["\(address.bareHost):\(address.effectivePort):\(list)"]
    }
}

/// Why a reference (source, callback URL, subscription URL) is refused.
public struct ReferenceRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of refusal.
    public enum Kind: Sendable, Equatable {
        /// Not a reference Reel parses: control characters, user information, bad syntax.
        case malformed
        /// Well formed, but under no allowed prefix.
        case notAllowed
        /// The host resolves into a private network.
        case privateNetwork
        /// The host could not be resolved now (may work later).
        case unresolvable
    }

    /// What kind of refusal.
    public let kind: Kind
    /// The message: the reference (escaped, shortened), the rule, the setting that would allow it.
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The refusal in Reel's taxonomy: transient when the host could not be resolved, else permanent.
    var reelError: ReelError {
        kind == .unresolvable ? .transient(message) : .permanent(message)
    }
}
