import Foundation
import Yams

/// A YAML node being read into the ladder model, with its field path and source, so that every
/// error it reports points at the node (`file:line:column: field: problem`).
struct LadderNode {
    /// The composed YAML node.
    let node: Node
    /// The field path of the node, e.g. `rungs[2].bitrate`; empty for the document.
    let path: String
    /// The file path or display name of the document.
    let source: String

    /// Whether the node is a plain null (`~`, `null` or nothing at all).
    var isNull: Bool { node.null != nil }

    /// An error located at this node.
    ///
    /// - Parameters:
    ///   - message: What is wrong.
    ///   - field: The field path to name; this node's path when nil.
    /// - Returns: The error.
    func error(_ message: String, field: String? = nil) -> LadderError {
        LadderError(
            source: source, line: node.mark?.line, column: node.mark?.column, field: field ?? path,
            message: message)
    }

    /// The path of a key inside this mapping node.
    func path(ofKey key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Reads the node as a mapping whose keys must come from `allowedKeys`.
    ///
    /// - Parameter allowedKeys: The keys the schema knows, in documentation order; nil allows any key.
    /// - Returns: The mapping's entries.
    func mapping(allowedKeys: [String]?) throws(LadderError) -> LadderMapping {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping, got \(kind)") }
        var entries: [(key: String, value: LadderNode)] = []
        for (keyNode, valueNode) in mapping {
            let keyReader = LadderNode(node: keyNode, path: path, source: source)
            guard case .scalar(let scalar) = keyNode else { throw keyReader.error("keys must be plain text") }
            let key = scalar.string
            if let allowedKeys, !allowedKeys.contains(key) {
                let expected = allowedKeys.joined(separator: ", ")
                throw keyReader.error("unknown key (expected one of: \(expected))", field: path(ofKey: key))
            }
            entries.append((key, LadderNode(node: valueNode, path: path(ofKey: key), source: source)))
        }
        return LadderMapping(owner: self, entries: entries)
    }

    /// Reads the node as a sequence (a null node is an empty one).
    ///
    /// - Returns: The elements, with paths `path[0]`, `path[1]`, ….
    func sequence() throws(LadderError) -> [LadderNode] {
        if isNull { return [] }
        guard case .sequence(let sequence) = node else { throw error("expected a list, got \(kind)") }
        return sequence.enumerated().map { index, element in
            LadderNode(node: element, path: "\(path)[\(index)]", source: source)
        }
    }

    /// Reads the node as text.
    ///
    /// - Parameter expected: What the value should be, for the message when the node is not a scalar.
    /// - Returns: The scalar's text, whatever its YAML type (`720` reads as `"720"`).
    func text(expected: String = "text") throws(LadderError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected \(expected), got \(kind)") }
        return scalar.string
    }

    /// Reads the node as an integer within bounds.
    ///
    /// - Parameters:
    ///   - minimum: The smallest value allowed.
    ///   - maximum: The largest value allowed.
    /// - Returns: The integer.
    func integer(minimum: Int, maximum: Int = .max) throws(LadderError) -> Int {
        let text = try text(expected: "an integer")
        guard let value = Int(text) else { throw error("expected an integer, got \(quoted)") }
        try check(value >= minimum && value <= maximum, value: value, minimum: minimum, maximum: maximum)
        return value
    }

    /// Reads the node as a finite decimal number greater than zero and at most `maximum`.
    ///
    /// - Parameter maximum: The largest value allowed.
    /// - Returns: The number.
    func positiveNumber(maximum: Double = .greatestFiniteMagnitude) throws(LadderError) -> Double {
        let text = try text(expected: "a number")
        guard Self.isDecimal(text), let value = Double(text) else {
            throw error("expected a number, got \(quoted)")
        }
        guard value > 0 else { throw error("must be greater than 0, got \(text)") }
        guard value <= maximum else { throw error("must be at most \(Self.format(maximum)), got \(text)") }
        return value
    }

    /// Reads the node as a number within closed bounds.
    ///
    /// - Parameters:
    ///   - minimum: The smallest value allowed.
    ///   - maximum: The largest value allowed.
    /// - Returns: The number.
    func number(minimum: Double, maximum: Double) throws(LadderError) -> Double {
        let text = try text(expected: "a number")
        guard Self.isDecimal(text), let value = Double(text) else {
            throw error("expected a number, got \(quoted)")
        }
        guard value >= minimum && value <= maximum else {
            throw error("must be between \(Self.format(minimum)) and \(Self.format(maximum)), got \(text)")
        }
        return value
    }

    /// Reads the node as a bitrate (`5000k`, `5.35M`, `128000`) greater than zero.
    ///
    /// - Returns: Bits per second.
    func bitrate() throws(LadderError) -> Int {
        let text = try text(expected: "a bitrate such as 3000k or 3.5M")
        guard let value = Bitrate.parse(text) else {
            throw error("expected a bitrate such as 3000k or 3.5M, got \(quoted)")
        }
        guard value > 0 else { throw error("must be greater than 0, got \(text)") }
        return value
    }

    /// Reads the node as one of a fixed set of words.
    ///
    /// - Parameters:
    ///   - allowed: The accepted words.
    ///   - what: What the word names, for the message (`preset for hevc`).
    /// - Returns: The word.
    func choice(_ allowed: [String], what: String) throws(LadderError) -> String {
        let text = try text(expected: "one of: \(allowed.joined(separator: ", "))")
        guard allowed.contains(text) else {
            throw error("unknown \(what) \(quoted) (expected one of: \(allowed.joined(separator: ", ")))")
        }
        return text
    }

    /// Reads the node as a name that is safe in paths: `[A-Za-z0-9._-]+`, not only dots, ≤ 64 characters.
    ///
    /// - Returns: The name.
    func name() throws(LadderError) -> String {
        let text = try text(expected: "a name")
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
        }
        guard allowed, !text.isEmpty, text.count <= 64, !text.allSatisfy({ $0 == "." }) else {
            throw error("expected a name of letters, digits, '.', '_' and '-' (at most 64), got \(quoted)")
        }
        return text
    }

    /// The node's value for messages: a scalar's text in quotes, else its kind.
    var quoted: String {
        guard case .scalar(let scalar) = node else { return kind }
        return "\"\(scalar.string)\""
    }

    /// The node's kind for messages.
    private var kind: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar: isNull ? "nothing" : quoted
        }
    }

    private func check(_ condition: Bool, value: Int, minimum: Int, maximum: Int) throws(LadderError) {
        guard !condition else { return }
        if maximum == .max { throw error("must be at least \(minimum), got \(value)") }
        throw error("must be between \(minimum) and \(maximum), got \(value)")
    }

    /// Whether text is a plain decimal number: optional sign, digits, optional fraction.
    private static func isDecimal(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digits = { (part: Substring) in part.allSatisfy { $0.isASCII && $0.isNumber } }
        return !parts[0].isEmpty && parts.allSatisfy(digits) && (parts.count == 1 || !parts[1].isEmpty)
    }

    /// A number without a needless `.0`: `6`, `2.5`.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
