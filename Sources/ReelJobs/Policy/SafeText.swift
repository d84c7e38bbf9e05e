/// Text from outside (sources, URLs, file names, error messages) made safe to show in one line of
/// a log or an error message: control characters are escaped, never passed through.
package enum SafeText {
    /// Whether a scalar is a control character: C0 (`\0`…`\u{1F}`), DEL, C1 (`\u{80}`…`\u{9F}`),
    /// or a Unicode line or paragraph separator.
    /// - Parameter scalar: The scalar.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Whether the text holds a control character.
    /// - Parameter text: The text.
    static func containsControl(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains(where: isControl)
    }

    /// The text with every control character escaped (`\n`, `\r`, `\t`, `\0`, `\e`, else
    /// `\u{XX}`) and backslashes doubled, so what is shown is one line that cannot forge another.
    /// - Parameters:
    ///   - text: The text.
    ///   - limit: At most this many characters are kept; the rest is replaced by `…`.
    /// - Returns: The escaped text.
    package static func escaped(_ text: some StringProtocol, limit: Int? = nil) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        var truncated = false
        if let limit, scalars.count > limit {
            scalars = scalars.prefix(limit)
            truncated = true
        }
        guard scalars.contains(where: { isControl($0) || $0 == "\\" }) || truncated else { return String(scalars) }
        var result = ""
        result.reserveCapacity(scalars.count)
        for scalar in scalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            case "\u{1B}": result += "\\e"
            case _ where isControl(scalar): result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return truncated ? result + "…" : result
    }

    /// Decodes `%XX` escapes once, leaving a `%` that starts no escape as it is.
    /// - Parameter text: The text.
    /// - Returns: The decoded bytes as text (invalid UTF-8 becomes U+FFFD).
    static func percentDecoded(_ text: some StringProtocol) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether the text holds a control character raw or percent-encoded, up to three levels of
    /// encoding deep (`\0`, `%00`, `%2500`, `%252500`).
    /// - Parameter text: The text.
    static func containsControlAtAnyEncoding(_ text: some StringProtocol) -> Bool {
        var level = String(text)
        for _ in 0..<4 {
            if containsControl(level) { return true }
            guard level.contains("%") else { return false }
            let decoded = percentDecoded(level)
            if decoded == level { return false }
            level = decoded
        }
        return containsControl(level)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
