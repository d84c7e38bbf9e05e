import Foundation

/// Converts ASS/SSA dialogue text into WebVTT cue text and positioning.
///
/// Override blocks `{…}` are read for alignment (`\an1`…`\an9`, legacy `\a`), italic, bold and
/// underline (`\i1`, `\b1`, `\u1`, `\r` resets); every other override (fonts, colours, `\pos`,
/// karaoke, drawings) is dropped. `\N` and `\n` break lines, `\h` is a non-breaking space.
enum ASSText {
    /// A dialogue line as WebVTT cue text.
    struct Converted: Sendable, Equatable {
        /// Valid WebVTT cue text.
        var text: String
        /// The numpad alignment in force (1…9), nil when the line does not set one.
        var alignment: Int?
    }

    /// Converts the Text field of an ASS `Dialogue` event.
    /// - Parameter text: The text, override blocks included.
    /// - Returns: Cue text and the alignment override, if any (`\a` is read in SSA's numbering).
    static func convert(_ text: String) -> Converted {
        var output = ""
        var alignment: Int?
        var styles: [String: Bool] = ["i": false, "b": false, "u": false]
        var drawing = false
        var characters = Array(text)[...]
        func set(_ tag: String, _ on: Bool) {
            guard styles[tag] != on else { return }
            styles[tag] = on
            output += on ? "<\(tag)>" : "</\(tag)>"
        }
        while let character = characters.first {
            characters = characters.dropFirst()
            switch character {
            case "{":
                guard let close = characters.firstIndex(of: "}") else {
                    if !drawing { output += "{" }
                    continue
                }
                let block = String(characters[..<close])
                characters = characters[characters.index(after: close)...]
                for override in block.split(separator: "\\").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    if let value = numeric(override, "an"), (1...9).contains(value) {
                        alignment = alignment ?? value
                    } else if let value = numeric(override, "a"), !override.hasPrefix("al") {
                        if let numpad = legacyToNumpad(value) { alignment = alignment ?? numpad }
                    } else if let value = numeric(override, "i") {
                        set("i", value != 0)
                    } else if let value = numeric(override, "b") {
                        set("b", value != 0)
                    } else if let value = numeric(override, "u") {
                        set("u", value != 0)
                    } else if override == "r" || (override.hasPrefix("r") && !override.hasPrefix("rnd")) {
                        for tag in ["u", "b", "i"] { set(tag, false) }
                    } else if let value = numeric(override, "p") {
                        drawing = value > 0
                    }
                }
            case "\\":
                switch characters.first {
                case "N", "n":
                    characters = characters.dropFirst()
                    if !drawing { output += "\n" }
                case "h":
                    characters = characters.dropFirst()
                    if !drawing { output += "&nbsp;" }
                default:
                    if !drawing { output += "\\" }
                }
            case "<":
                if !drawing { output += "&lt;" }
            case ">":
                if !drawing { output += "&gt;" }
            default:
                // `&` is left to `CueText.normalize`, which keeps entities and escapes the rest.
                if !drawing { output.append(character) }
            }
        }
        for tag in ["u", "b", "i"] { set(tag, false) }
        return Converted(text: CueText.normalize(output, dialect: .webVTT), alignment: alignment)
    }

    /// The fields of an event as libavcodec gives it: `ReadOrder`, then the script's `[Events]`
    /// `Format:` fields without `Start` and `End`.
    static let standardEventFields = [
        "readorder", "layer", "style", "name", "marginl", "marginr", "marginv", "effect", "text",
    ]

    /// The event fields of a script: `ReadOrder` and its `[Events]` format without the times.
    /// - Parameter header: The script header, with its `[Events]` `Format:` line.
    /// - Returns: Lower-case field names; the standard ones when the header has no format.
    static func eventFields(header: String?) -> [String] {
        guard let header else { return standardEventFields }
        var inEvents = false
        for rawLine in header.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                inEvents = line.lowercased() == "[events]"
            } else if inEvents, line.lowercased().hasPrefix("format:") {
                let names = line.dropFirst(7).split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces).lowercased()
                }
                let fields = ["readorder"] + names.filter { $0 != "start" && $0 != "end" }
                return fields.last == "text" ? fields : standardEventFields
            }
        }
        return standardEventFields
    }

    /// Splits an event as libavcodec gives it (`ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text`
    /// for a standard script).
    /// - Parameters:
    ///   - event: The event line.
    ///   - fields: The event's field names (see `eventFields(header:)`), `Text` last.
    /// - Returns: Its style name and text; the whole line as text when it has fewer fields.
    static func fields(ofEvent event: String, fields: [String] = standardEventFields) -> (
        style: String, text: String
    ) {
        let parts = event.split(separator: ",", maxSplits: fields.count - 1, omittingEmptySubsequences: false)
        guard parts.count == fields.count, let last = parts.last else { return ("", event) }
        let style = fields.firstIndex(of: "style").map { parts[$0].trimmingCharacters(in: .whitespaces) } ?? ""
        return (style, String(last))
    }

    /// The numpad alignment of each style in a script header (`[V4+ Styles]` or SSA's `[V4 Styles]`).
    /// - Parameter header: The script's `[Script Info]` and styles sections.
    /// - Returns: Style name → numpad alignment 1…9.
    static func styleAlignments(header: String) -> [String: Int] {
        var alignments: [String: Int] = [:]
        var section = ""
        var nameIndex = 0
        var alignmentIndex: Int?
        for rawLine in header.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                section = line.lowercased()
                continue
            }
            guard section == "[v4+ styles]" || section == "[v4 styles]" else { continue }
            if line.lowercased().hasPrefix("format:") {
                let names = line.dropFirst(7).split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces).lowercased()
                }
                nameIndex = names.firstIndex(of: "name") ?? 0
                alignmentIndex = names.firstIndex(of: "alignment")
            } else if line.lowercased().hasPrefix("style:"), let alignmentIndex {
                let values = line.dropFirst(6).split(separator: ",", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                guard values.count > max(nameIndex, alignmentIndex), let value = Int(values[alignmentIndex]) else {
                    continue
                }
                let numpad = section == "[v4 styles]" ? legacyToNumpad(value) : value
                if let numpad, (1...9).contains(numpad) { alignments[values[nameIndex]] = numpad }
            }
        }
        return alignments
    }

    /// SSA v4 alignment (1–3 bottom, +4 top, +8 middle) as a numpad value.
    private static func legacyToNumpad(_ value: Int) -> Int? {
        switch value {
        case 1...3: value
        case 5...7: value + 2
        case 9...11: value - 5
        default: nil
        }
    }

    /// The integer after `prefix` when the override is exactly prefix + digits.
    private static func numeric(_ override: String, _ prefix: String) -> Int? {
        guard override.hasPrefix(prefix) else { return nil }
        let digits = override.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }
}
