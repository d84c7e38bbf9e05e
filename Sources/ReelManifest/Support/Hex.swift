/// Hexadecimal text of bytes, both ways, and 16 bytes as a UUID: key ids in requests, CPIX
/// documents, manifests (`cenc:default_KID`) and boxes.
package enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Lowercase hex: `Hex.string([0xAB, 1])` is `"ab01"`.
    package static func string(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Bytes from hex text (a UUID's dashes allowed), nil when it is not hex.
    package static func bytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8).filter { $0 != UInt8(ascii: "-") }
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    /// 16 bytes as a lowercase UUID (`8-4-4-4-12`); other lengths as plain hex.
    package static func uuid(_ bytes: [UInt8]) -> String {
        let hex = Array(string(bytes))
        guard hex.count == 32 else { return String(hex) }
        return [hex[0..<8], hex[8..<12], hex[12..<16], hex[16..<20], hex[20..<32]].map { String($0) }
            .joined(separator: "-")
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
