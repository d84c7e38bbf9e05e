import Crypto
import Foundation

/// The `Reel-Signature` header of a callback: `t=UNIX,v1=HEX(HMAC-SHA256(secret, "t.body"))`.
///
/// Receivers recompute the HMAC over the timestamp, a dot and the raw body, compare in constant
/// time, and reject old timestamps to stop replays.
enum CallbackSignature {
    /// The header name.
    static let header = "Reel-Signature"

    /// Signs a body.
    /// - Parameters:
    ///   - body: The exact bytes sent.
    ///   - secret: The shared secret.
    ///   - timestamp: Unix seconds.
    /// - Returns: The header value.
    static func sign(_ body: Data, secret: String, timestamp: Int) -> String {
        "t=\(timestamp),v1=\(mac(body, secret: secret, timestamp: timestamp))"
    }

    /// The hex HMAC-SHA256 of `"t.body"`.
    private static func mac(_ body: Data, secret: String, timestamp: Int) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    /// Checks a header value against a body.
    /// - Parameters:
    ///   - header: The `Reel-Signature` value.
    ///   - body: The bytes received.
    ///   - secret: The shared secret.
    ///   - now: Unix seconds now.
    ///   - tolerance: How old (or new) a timestamp may be, in seconds.
    /// - Returns: Whether the signature is valid and fresh.
    static func verify(_ header: String, body: Data, secret: String, now: Int, tolerance: Int = 300) -> Bool {
        var timestamp: Int?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) } else if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, abs(now - timestamp) <= tolerance else { return false }
        let expected = mac(body, secret: secret, timestamp: timestamp)
        return signatures.contains { ConstantTime.equal($0, expected) }
    }
}
