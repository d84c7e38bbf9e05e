import Foundation

/// Turns cue text from subtitle formats into valid WebVTT cue text.
///
/// WebVTT's own tags are kept (`b`, `i`, `u`, `c`, `v`, `lang`, `ruby`, `rt`, with classes and
/// annotations), tags opened are closed, stray closing tags dropped; other tags (SRT's `<font>`,
/// HTML's `<span>`) are stripped and `<br>` becomes a line break. Cue-internal timestamps are
/// dropped (cues are retimed). `&`, `<` and `>` that are not markup are escaped, `-->` cannot
/// appear, and blank lines (which would end a WebVTT cue) are removed.
enum CueText {
    /// The markup dialect of the input. Both read `&amp;`, `&lt;`, `&gt;`, `&nbsp;`, `&lrm;`,
    /// `&rlm;` and numeric references as entities and any other `&` as a literal ampersand.
    enum Dialect: Sendable {
        /// WebVTT cue text.
        case webVTT
        /// SubRip: HTML-like tags (`<font>` and others are stripped).
        case subRip
    }

    /// WebVTT's tags.
    static let allowedTags: Set<String> = ["b", "i", "u", "c", "v", "lang", "ruby", "rt"]
    private static let namedEntities: Set<String> = ["amp", "lt", "gt", "nbsp", "lrm", "rlm"]

    /// Normalises cue text.
    /// - Parameters:
    ///   - text: The cue's lines joined by `\n`.
    ///   - dialect: How to read markup and `&`.
    /// - Returns: Valid WebVTT cue text; empty when nothing visible remains.
    static func normalize(_ text: String, dialect: Dialect) -> String {
        let characters = Array(text)
        var output = ""
        var open: [String] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "<":
                if let close = characters[index...].firstIndex(of: ">"), close - index < 256,
                    let tag = Tag(String(characters[(index + 1)..<close]))
                {
                    apply(tag, to: &output, open: &open)
                    index = close + 1
                    continue
                }
                output += "&lt;"
            case ">":
                output += "&gt;"
            case "&":
                if let end = characters[index...].prefix(12).firstIndex(of: ";"),
                    isEntity(String(characters[(index + 1)..<end]))
                {
                    output += String(characters[index...end])
                    index = end + 1
                    continue
                }
                output += "&amp;"
            default:
                output.append(character)
            }
            index += 1
        }
        for name in open.reversed() { output += "</\(name)>" }
        return cleanLines(output)
    }

    /// Escapes plain text for a cue (no markup in it).
    /// - Parameter text: Literal text.
    /// - Returns: The text with `&`, `<` and `>` escaped.
    static func escape(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            default: output.append(character)
            }
        }
        return output
    }

    /// The text without any markup and with entities resolved (what a viewer reads), for tests
    /// and comparisons.
    /// - Parameter text: WebVTT cue text.
    /// - Returns: Plain text.
    static func plain(_ text: String) -> String {
        var output = ""
        var inTag = false
        for character in text {
            if character == "<" {
                inTag = true
            } else if character == ">" && inTag {
                inTag = false
            } else if !inTag {
                output.append(character)
            }
        }
        return output.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: "\u{A0}").replacingOccurrences(of: "&lrm;", with: "")
            .replacingOccurrences(of: "&rlm;", with: "").replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func apply(_ tag: Tag, to output: inout String, open: inout [String]) {
        switch tag {
        case .lineBreak:
            output += "\n"
        case .start(let name, let classes, let annotation):
            guard allowedTags.contains(name) else { return }
            open.append(name)
            output += "<" + ([name] + classes).joined(separator: ".")
            if let annotation, !annotation.isEmpty { output += " " + escape(annotation) }
            output += ">"
        case .end(let name):
            guard let position = open.lastIndex(of: name) else { return }
            for inner in open[position...].reversed() { output += "</\(inner)>" }
            open.removeSubrange(position...)
        case .ignored:
            return
        }
    }

    private static func isEntity(_ name: String) -> Bool {
        if namedEntities.contains(name) { return true }
        guard name.hasPrefix("#") else { return false }
        let digits = name.dropFirst()
        if digits.first == "x" || digits.first == "X" {
            return digits.count > 1 && digits.dropFirst().allSatisfy(\.isHexDigit)
        }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Trims each line, drops empty lines and breaks up `-->`.
    private static func cleanLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in
                var trimmed = Substring(line)
                while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
                while let first = trimmed.first, first == " " || first == "\t" { trimmed = trimmed.dropFirst() }
                return trimmed.replacingOccurrences(of: "-->", with: "--&gt;")
            }
            .filter { !plainIsBlank($0) }
            .joined(separator: "\n")
    }

    /// Whether a line shows nothing (only tags and whitespace).
    private static func plainIsBlank(_ line: String) -> Bool {
        plain(line).allSatisfy { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }
    }

    /// One markup tag as read between `<` and `>`.
    private enum Tag {
        case start(name: String, classes: [String], annotation: String?)
        case end(name: String)
        case lineBreak
        /// Markup that is dropped: an unknown tag or a cue-internal timestamp.
        case ignored

        /// Reads a tag; nil when the text is not markup (a literal `<`).
        init?(_ body: String) {
            if body.first == "/" {
                let name = body.dropFirst().prefix { $0.isLetter || $0.isNumber }.lowercased()
                guard let first = name.first, first.isLetter else { return nil }
                self = .end(name: name)
                return
            }
            if let first = body.first, first.isNumber {
                guard SubtitleTimestamp.parse(Substring(body)) != nil else { return nil }
                self = .ignored
                return
            }
            // `<br/>`, `<br />`: a self-closing slash is not part of the name.
            let body = body.hasSuffix("/") ? String(body.dropLast()) : body
            let nameEnd = body.firstIndex { $0 == " " || $0 == "\t" || $0 == "\n" } ?? body.endIndex
            let head = body[..<nameEnd]
            let parts = head.split(separator: ".", omittingEmptySubsequences: false)
            let name = String(parts.first ?? "").lowercased()
            guard let first = name.first, first.isLetter, name.allSatisfy({ $0.isLetter || $0.isNumber }) else {
                return nil
            }
            if name == "br" {
                self = .lineBreak
                return
            }
            guard CueText.allowedTags.contains(name) else {
                self = .ignored
                return
            }
            let classes = parts.dropFirst().map { part in
                String(part.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            }.filter { !$0.isEmpty }
            let rest = body[nameEnd...].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
                .joined(separator: " ")
            self = .start(name: name, classes: classes, annotation: rest.isEmpty ? nil : rest)
        }
    }
}
