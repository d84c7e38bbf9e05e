/// The `$Number$` media template behind a rendition's segment file names, e.g. `seg_$Number%05d$.m4s`.
internal struct SegmentNamePattern: Equatable {
    internal var prefix: String
    internal var suffix: String
    /// Zero-padded digit count of the number.
    internal var width: Int
    internal var startNumber: Int

    /// Finds the pattern, if every file name is `prefix + number + suffix` with consecutive numbers
    /// padded to one width (the suffix starts at the last dot, so `.m4s` is never read as digits).
    /// - Parameter segments: The rendition's segments in order.
    internal init?(segments: [SegmentFact]) {
        guard let first = segments.first, let parts = Self.split(first.fileName),
            let startNumber = Int(parts.digits)
        else { return nil }
        prefix = parts.prefix
        suffix = parts.suffix
        width = parts.digits.count
        self.startNumber = startNumber
        for (index, segment) in segments.enumerated() where segment.fileName != fileName(number: startNumber + index) {
            return nil
        }
    }

    /// The file name of segment `number`.
    /// - Parameter number: The segment number.
    /// - Returns: e.g. `seg_00007.m4s`.
    internal func fileName(number: Int) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits + suffix
    }

    /// The `SegmentTemplate@media` text, `$` in the names escaped as `$$`.
    internal var template: String {
        let number = width > 1 ? "$Number%0\(width)d$" : "$Number$"
        return Self.escape(prefix) + number + Self.escape(suffix)
    }

    private static func escape(_ text: String) -> String {
        text.replacing("$", with: "$$")
    }

    private static func split(_ name: String) -> (prefix: String, digits: String, suffix: String)? {
        let suffixStart = name.lastIndex(of: ".") ?? name.endIndex
        let stem = name[..<suffixStart]
        let digits = stem.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        let prefixEnd = stem.index(stem.endIndex, offsetBy: -digits.count)
        return (String(stem[..<prefixEnd]), String(digits.reversed()), String(name[suffixStart...]))
    }
}
