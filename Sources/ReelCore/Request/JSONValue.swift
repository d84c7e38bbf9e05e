public import Foundation

/// Any JSON value: the caller's `metadata`, kept as given and echoed back in the job and callbacks.
///
/// Numbers are `Decimal`s, so integers of up to 38 digits and decimal fractions such as `0.1` come
/// back exactly as written (a `Double` would turn `123456789012345678901234567890` into
/// `…680000000000000`). A number that even a `Decimal` cannot hold exactly is refused before it is
/// decoded (`inexactNumber(in:)`).
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The members, when this is an object.
    var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The string, when this is one.
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The first number in a JSON text that a `JSONValue` cannot keep exactly (more than 38
    /// significant digits, or an exponent out of `Decimal`'s range), or nil when every number fits.
    /// - Parameter json: The JSON text, as UTF-8.
    /// - Returns: The number as written.
    static func inexactNumber(in json: some Collection<UInt8>) -> String? {
        var inString = false
        var escaped = false
        var token: [UInt8] = []
        func finished(_ token: [UInt8]) -> String? {
            let text = String(decoding: token, as: UTF8.self)
            guard let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), !decimal.isNaN,
                let written = DecimalText(text), written == DecimalText(decimal.description)
            else { return text }
            return nil
        }
        for byte in json {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            let startsNumber = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            let continuesNumber = [UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")]
                .contains(byte)
            switch byte {
            case _ where startsNumber || (!token.isEmpty && continuesNumber):
                token.append(byte)
            default:
                if !token.isEmpty, let bad = finished(token) { return bad }
                token = []
                if byte == UInt8(ascii: "\"") { inString = true }
            }
        }
        if !token.isEmpty, let bad = finished(token) { return bad }
        return nil
    }
}

/// A decimal number reduced to sign, significant digits and a power of ten, so that two spellings
/// of one value (`1e2`, `100`, `100.0`) compare equal.
private struct DecimalText: Equatable {
    var negative: Bool
    var digits: [UInt8]
    var exponent: Int

    init?(_ text: String) {
        var bytes = Array(text.utf8)
        negative = bytes.first == UInt8(ascii: "-")
        if negative || bytes.first == UInt8(ascii: "+") { bytes.removeFirst() }
        var exponent = 0
        if let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            guard let value = Int(String(decoding: bytes[(e + 1)...], as: UTF8.self)) else { return nil }
            exponent = value
            bytes = Array(bytes[..<e])
        }
        var digits: [UInt8] = []
        var seenPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                digits.append(byte)
                if seenPoint { exponent -= 1 }
            } else {
                return nil
            }
        }
        guard !digits.isEmpty else { return nil }
        while digits.first == UInt8(ascii: "0") { digits.removeFirst() }
        while digits.last == UInt8(ascii: "0") {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty {
            negative = false
            exponent = 0
        }
        self.digits = digits
        self.exponent = exponent
    }
}
