/// The byte range of a `Range: bytes=…` request header (RFC 9110, section 14.2), resolved
/// against a file's size: one range is served as `206`; several ranges, other units or a
/// malformed header are ignored (the whole file, `200`), as the RFC allows.
struct ByteRange: Equatable, Sendable {
    /// The first byte.
    let lower: Int
    /// The last byte (inclusive).
    let upper: Int

    /// The number of bytes.
    var count: Int { upper - lower + 1 }

    /// What a `Range` header asks of a file.
    enum Request: Equatable {
        /// No usable range: the whole file.
        case whole
        /// One satisfiable range.
        case part(ByteRange)
        /// A range wholly past the end: `416` with `Content-Range: bytes */SIZE`.
        case unsatisfiable
    }

    /// Reads a `Range` header.
    /// - Parameters:
    ///   - header: The header's value, or nil.
    ///   - size: The file's size in bytes.
    /// - Returns: What to send.
    static func parse(_ header: String?, size: Int) -> Request {
        guard let header, size > 0 else { return .whole }
        let text = Substring(header).trimmingWhitespace()
        guard text.lowercased().hasPrefix("bytes=") else { return .whole }
        let spec = text.dropFirst("bytes=".count).trimmingWhitespace()
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash].trimmingWhitespace()
        let last = spec[spec.index(after: dash)...].trimmingWhitespace()
        guard first.allSatisfy(\.isASCIIDigit), last.allSatisfy(\.isASCIIDigit), first.count <= 18, last.count <= 18
        else { return .whole }
        if first.isEmpty {
            // A suffix: the last N bytes.
            guard let suffix = Int(last) else { return .whole }
            guard suffix > 0 else { return .unsatisfiable }
            return .part(ByteRange(lower: max(0, size - suffix), upper: size - 1))
        }
        guard let lower = Int(first) else { return .whole }
        var upper = size - 1
        if !last.isEmpty {
            guard let given = Int(last), given >= lower else { return .whole }
            upper = min(given, size - 1)
        }
        guard lower < size else { return .unsatisfiable }
        return .part(ByteRange(lower: lower, upper: upper))
    }

    /// `Content-Range` of this range of a file.
    /// - Parameter size: The file's size.
    func contentRange(of size: Int) -> String { "bytes \(lower)-\(upper)/\(size)" }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingWhitespace() -> Substring {
        guard let start = firstIndex(where: { $0 != " " && $0 != "\t" }) else { return self[endIndex...] }
        let end = lastIndex(where: { $0 != " " && $0 != "\t" })!
        return self[start...end]
    }
}

extension Character {
    /// `0` … `9`.
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
