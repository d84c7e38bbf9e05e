/// A ladder preset that cannot be found, read or accepted.
///
/// The description is one line that points at the offending YAML node, e.g.
/// `ladders/web.yaml:14:5: rungs[2].bitrate: expected a bitrate such as 3000k or 3.5M, got "fast"`.
public struct LadderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file path or display name of the preset (or the name that was looked up).
    var source: String
    /// 1-based line of the offending node, when known.
    var line: Int?
    /// 1-based column (in Unicode scalars) of the offending node, when known.
    var column: Int?
    /// The field path inside the document, e.g. `rungs[2].bitrate`; empty for the whole document.
    var field: String
    /// What is wrong, e.g. `expected an integer, got "wide"`.
    var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - source: The file path or display name of the preset.
    ///   - line: 1-based line of the offending node, if known.
    ///   - column: 1-based column of the offending node, if known.
    ///   - field: The field path inside the document; empty for the whole document.
    ///   - message: What is wrong.
    init(source: String, line: Int? = nil, column: Int? = nil, field: String = "", message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    /// `source:line:column: field: message`, leaving out the parts that are unknown.
    public var description: String {
        var text = source
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": "
        if !field.isEmpty { text += "\(field): " }
        return text + message
    }

    /// The error in Reel's taxonomy: a bad ladder is a permanent failure.
    var reelError: ReelError { .permanent(description) }
}
