import Foundation

/// Host names pinned to the addresses a policy checked them at, for the `http(s)` reads of one
/// job: a read connects only to its host's pinned addresses (`CURLOPT_RESOLVE`), never to what a
/// later DNS answer says, so a name cannot be rebound into a private network between the check
/// and the fetch. With `required`, a read of a host that was never pinned is refused.
///
/// The policy pins (`pin`) as it checks each reference; readers look their URL up (`entries`).
public final class AddressPins: @unchecked Sendable {
    /// Whether reads of hosts without a pin are refused.
    public let required: Bool
    private let lock = NSLock()
    private var pins: [String: [String]] = [:]

    /// Creates an empty set of pins.
    /// - Parameter required: Refuse reads of hosts without a pin.
    public init(required: Bool) {
        self.required = required
    }

    /// Pins a host and port to addresses.
    /// - Parameters:
    ///   - host: The host name (lowercase; IPv6 literals without brackets).
    ///   - port: The port requests go to.
    ///   - entries: Its `CURLOPT_RESOLVE` entries (`HOST:PORT:ADDRESS,…`).
    public func pin(host: String, port: Int, entries: [String]) {
        guard !entries.isEmpty else { return }
        lock.withLock { pins[Self.key(host: host, port: port)] = entries }
    }

    /// The `CURLOPT_RESOLVE` entries a read of `url` must use, or nil when its host is not pinned.
    /// - Parameter url: An `http(s)` URL.
    public func entries(for url: String) -> [String]? {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), var host = parsed.host else {
            return nil
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = parsed.port ?? (scheme == "https" ? 443 : 80)
        return lock.withLock { pins[Self.key(host: host, port: port)] }
    }

    private static func key(host: String, port: Int) -> String { "\(host.lowercased())|\(port)" }
}
