import Foundation

/// The few XML bits S3 needs: values of simple elements in responses, and escaping for request
/// bodies. S3's responses are flat enough that looking for `<Name>…</Name>` is exact.
enum S3XML {
    /// Every value of an element, unescaped, in document order.
    /// - Parameters:
    ///   - element: The element's name, such as `Key`.
    ///   - text: The XML document.
    /// - Returns: The values.
    static func values(of element: String, in text: String) -> [String] {
        var values: [String] = []
        let open = "<\(element)>"
        let close = "</\(element)>"
        var rest = text[...]
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            values.append(unescape(String(rest[start.upperBound..<end.lowerBound])))
            rest = rest[end.upperBound...]
        }
        return values
    }

    /// The first value of an element, or `nil`.
    static func value(of element: String, in text: String) -> String? {
        values(of: element, in: text).first
    }

    /// Escapes text for an element's content.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&#34;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
