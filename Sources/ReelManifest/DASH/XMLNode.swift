/// A minimal XML element tree with deterministic, indented output (two spaces per level).
internal struct XMLNode {
    internal var name: String
    /// Attributes in output order; values are escaped when rendered.
    internal var attributes: [(name: String, value: String)]
    internal var children: [XMLNode]
    /// Text content, for an element without children (e.g. `cenc:pssh`).
    internal var text: String?

    internal init(
        _ name: String, _ attributes: [(name: String, value: String)] = [], children: [XMLNode] = [],
        text: String? = nil
    ) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The element as lines of text.
    /// - Parameter depth: Nesting level of this element (indentation).
    /// - Returns: One line for an empty element, else start tag, children and end tag.
    internal func lines(depth: Int = 0) -> [String] {
        let indent = String(repeating: "  ", count: depth)
        let attributeText = attributes.map { " \($0.name)=\"\(Self.escape($0.value))\"" }.joined()
        if let text, children.isEmpty {
            return ["\(indent)<\(name)\(attributeText)>\(Self.escape(text))</\(name)>"]
        }
        guard !children.isEmpty else { return ["\(indent)<\(name)\(attributeText)/>"] }
        return ["\(indent)<\(name)\(attributeText)>"]
            + children.flatMap { $0.lines(depth: depth + 1) }
            + ["\(indent)</\(name)>"]
    }

    /// Escapes text for use inside a double-quoted attribute value (`XMLText.escape`).
    internal static func escape(_ text: String) -> String { XMLText.escape(text) }
}

/// XML text escaping, shared by the MPD writer and the PlayReady header in `pssh` boxes.
package enum XMLText {
    /// Escapes text for an element or a double-quoted attribute value.
    /// - Parameter text: Raw text.
    /// - Returns: Text with `&`, `<`, `>`, `"` and `'` replaced by entities.
    package static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
