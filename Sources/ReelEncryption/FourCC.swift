/// A four-character code: a box type, a sample entry format, a scheme.
///
/// ```swift
/// let type: FourCC = "moov"
/// type.value  // 0x6D6F_6F76
/// "\(type)"   // moov
/// ```
struct FourCC: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The four bytes as a big-endian number.
    let value: UInt32

    init(_ value: UInt32) {
        self.value = value
    }

    init(stringLiteral text: String) {
        let bytes = Array(text.utf8)
        precondition(bytes.count == 4, "a four-character code has four bytes: \(text)")
        value = bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The four bytes, most significant first.
    var bytes: [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// The code as text; bytes that are not printable ASCII show as `?`.
    var description: String {
        String(decoding: bytes.map { (0x20..<0x7F).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }
}
