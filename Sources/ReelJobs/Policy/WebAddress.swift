import Foundation

/// An `http(s)` URL in normal form, the only form Reel checks against a prefix and then requests:
/// scheme and host in lowercase, no user information, no default port, percent-encoded
/// unreserved characters decoded (`%2e` is `.`), other escapes in uppercase, `.` and `..`
/// segments resolved, empty segments (`//`) removed, no fragment.
///
/// Parsing is strict: control characters (raw or percent-encoded), user information
/// (`user:pass@`), backslashes, encoded slashes (`%2F`, `%5C`) and doubly encoded dot segments
/// (`%252e`) are refused rather than interpreted.
public struct WebAddress: Sendable, Equatable, CustomStringConvertible {
    /// `http` or `https`.
    public let scheme: String
    /// The host in lowercase: a name, an IPv4 literal or a bracketed IPv6 literal.
    public let host: String
    /// The port, when it is not the scheme's default.
    public let port: Int?
    /// The path, starting with `/`.
    let path: String
    /// The query without `?`, if any.
    let query: String?

    /// Why a URL is not accepted.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong.
        let reason: String
        public var description: String { reason }
    }

    /// Parses and normalises a URL.
    /// - Parameter text: An `http` or `https` URL.
    /// - Throws: `Refusal` saying what is wrong.
    public init(_ text: String) throws(Refusal) {
        guard !SafeText.containsControlAtAnyEncoding(text) else {
            throw Refusal(reason: "contains a control character")
        }
        guard !text.contains("\\"), !text.contains(where: { $0 == " " }) else {
            throw Refusal(reason: "contains a backslash or a space")
        }
        guard let schemeEnd = text.range(of: "://") else { throw Refusal(reason: "not an http(s) URL") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw Refusal(reason: "not an http(s) URL") }
        var rest = text[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        guard !authority.contains("@") else {
            throw Refusal(reason: "user information (user:password@) is not allowed in the URL")
        }
        let (host, port) = try Self.parseAuthority(authority, scheme: scheme)
        var pathPart = rest
        var query: String?
        if let mark = rest.firstIndex(of: "?") {
            pathPart = rest[..<mark]
            query = String(rest[rest.index(after: mark)...])
        }
        self.scheme = scheme
        self.host = host
        self.port = port
        path = try Self.normalizedPath(pathPart)
        self.query = query
    }

    /// The URL in normal form.
    public var description: String {
        var text = "\(scheme)://\(host)"
        if let port { text += ":\(port)" }
        text += path
        if let query { text += "?\(query)" }
        return text
    }

    /// The port a connection goes to.
    var effectivePort: Int { port ?? (scheme == "https" ? 443 : 80) }

    /// The host without IPv6 brackets, as the resolver wants it.
    var bareHost: String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// Whether this URL lies under a prefix: same scheme, host and port, and a path that equals
    /// the prefix's or continues it after a `/`.
    /// - Parameter prefix: The prefix, also in normal form.
    public func isUnder(_ prefix: WebAddress) -> Bool {
        guard scheme == prefix.scheme, host == prefix.host, effectivePort == prefix.effectivePort else { return false }
        if prefix.path == "/" || path == prefix.path { return true }
        let directory = prefix.path.hasSuffix("/") ? prefix.path : prefix.path + "/"
        return path.hasPrefix(directory)
    }

    private static func parseAuthority(_ authority: Substring, scheme: String) throws(Refusal) -> (String, Int?) {
        var hostPart = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw Refusal(reason: "bad IPv6 literal") }
            hostPart = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw Refusal(reason: "bad host") }
                portText = after.dropFirst()
            }
            let inside = hostPart.dropFirst().dropLast()
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw Refusal(reason: "bad IPv6 literal")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        var host = hostPart.lowercased()
        if !host.hasPrefix("[") {
            while host.hasSuffix(".") { host.removeLast() }
            let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_")
            guard !host.isEmpty, host.allSatisfy({ allowed.contains($0) }), !host.contains("..") else {
                throw Refusal(reason: "'\(SafeText.escaped(hostPart, limit: 255))' is not a host name")
            }
        }
        var port: Int?
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCII), let value = Int(portText),
                (1...65535).contains(value)
            else { throw Refusal(reason: "'\(SafeText.escaped(portText, limit: 16))' is not a port") }
            port = value == (scheme == "https" ? 443 : 80) ? nil : value
        }
        return (host, port)
    }

    /// `%XX` of unreserved characters decoded, other escapes uppercased, dot segments resolved.
    private static func normalizedPath(_ raw: Substring) throws(Refusal) -> String {
        var segments: [String] = []
        var endsInDirectory = true
        for part in raw.split(separator: "/", omittingEmptySubsequences: false) {
            let segment = try normalizedSegment(part)
            endsInDirectory = segment.isEmpty || segment == "." || segment == ".."
            switch segment {
            case "", ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        let path = "/" + segments.joined(separator: "/")
        return endsInDirectory && !segments.isEmpty ? path + "/" : path
    }

    private static func normalizedSegment(_ raw: Substring) throws(Refusal) -> String {
        let bytes = Array(raw.utf8)
        var output = ""
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = SafeText.hexValue(bytes[index + 1]),
                    let low = SafeText.hexValue(bytes[index + 2])
                else { throw Refusal(reason: "bad percent-encoding in the path") }
                let value = high << 4 | low
                if value == UInt8(ascii: "/") || value == UInt8(ascii: "\\") {
                    throw Refusal(reason: "an encoded slash or backslash in the path")
                }
                if isUnreserved(value) {
                    output.unicodeScalars.append(Unicode.Scalar(value))
                } else {
                    output += "%" + String(value, radix: 16, uppercase: true).leftPadded(to: 2)
                }
                index += 3
            } else if byte >= 0x80 {
                output += "%" + String(byte, radix: 16, uppercase: true)
                index += 1
            } else {
                output.unicodeScalars.append(Unicode.Scalar(byte))
                index += 1
            }
        }
        // `%252e` is `%2e` to a server that decodes once more: refuse rather than guess.
        let deeper = SafeText.percentDecoded(SafeText.percentDecoded(output))
        if deeper != output && (deeper == "." || deeper == ".." || deeper.contains("/") || deeper.contains("\\")) {
            throw Refusal(reason: "a doubly encoded dot segment or slash in the path")
        }
        return output
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
