import Foundation

/// Hides secrets in text that is about to be shown: passwords in URLs
/// (`postgres://reel:***@db/reel`), credentials in query strings (`?token=***`), and every value
/// registered as a secret (API tokens, hook and callback secrets, AWS keys, database passwords).
///
/// The log handler of `reel` runs every line through `redacted(_:)`, so no call site has to
/// remember; code that builds a message for a response or the store can call it too.
package enum Redaction {
    /// What replaces a secret.
    static let mask = "***"

    /// Registers secrets to hide from now on. Values shorter than 4 characters are ignored (they
    /// would mask ordinary words; configuration refuses such secrets anyway).
    /// - Parameter secrets: The secret values.
    package static func register(_ secrets: [String]) {
        registry.add(secrets.filter { $0.count >= 4 })
    }

    /// The secrets registered so far, longest first.
    static var secrets: [String] { registry.values }

    /// The text with URL passwords, credential query parameters and registered secrets masked.
    /// - Parameter text: Any text.
    /// - Returns: The text, masked.
    package static func redacted(_ text: String) -> String {
        var result = text
        for secret in registry.values where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: mask)
        }
        if result.contains("@") { result = replace(userinfoPassword, in: result, with: "$1\(mask)@") }
        if result.contains("=") { result = replace(credentialParameter, in: result, with: "$1\(mask)") }
        return result
    }

    /// `scheme://user:password@` — the password part.
    private static let userinfoPassword = try! NSRegularExpression(
        pattern: #"([A-Za-z][A-Za-z0-9+.\-]*://[^\s/?#@:]*:)[^\s/?#@]*@"#)
    /// `token=…`, `access_token=…`, `password=…`, `secret=…`, `X-Amz-Signature=…`,
    /// `X-Amz-Credential=…`, `X-Amz-Security-Token=…`, `sig=…` in a query string.
    private static let credentialParameter = try! NSRegularExpression(
        pattern:
            #"((?:^|[?&;\s])(?:token|access_token|api_token|hook_secret|callback_secret|password|passwd|pwd|secret|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|aws_secret_access_key)=)[^&\s#"']*"#,
        options: [.caseInsensitive])

    private static func replace(_ expression: NSRegularExpression, in text: String, with template: String) -> String {
        expression.stringByReplacingMatches(
            in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }

    private static let registry = SecretRegistry()
}

/// The registered secrets, shared by every thread that logs.
private final class SecretRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var values: [String] { lock.withLock { stored } }

    func add(_ secrets: [String]) {
        lock.withLock {
            for secret in secrets where !stored.contains(secret) { stored.append(secret) }
            // Longest first, so a secret containing another is masked whole.
            stored.sort { $0.count > $1.count }
        }
    }
}
