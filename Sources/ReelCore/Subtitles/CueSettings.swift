/// WebVTT cue settings (positioning): `vertical`, `line`, `position`, `size` and `align`, each
/// kept only when its value is valid WebVTT.
struct CueSettings: Sendable, Equatable, Hashable {
    /// `rl` or `lr`.
    var vertical: String?
    /// A line number (`-1`, `0`) or percentage (`45%`), optionally with `,start|center|end`.
    var line: String?
    /// A percentage, optionally with `,line-left|center|line-right`.
    var position: String?
    /// A percentage.
    var size: String?
    /// `start`, `center`, `end`, `left` or `right`.
    var align: String?

    /// Creates settings.
    /// - Parameters:
    ///   - vertical: `rl` or `lr`.
    ///   - line: Line value.
    ///   - position: Position value.
    ///   - size: Size value.
    ///   - align: Text alignment.
    init(
        vertical: String? = nil, line: String? = nil, position: String? = nil, size: String? = nil,
        align: String? = nil
    ) {
        self.vertical = vertical
        self.line = line
        self.position = position
        self.size = size
        self.align = align
    }

    /// Parses the settings part of a WebVTT timing line, e.g. `position:60%,end align:start size:35%`.
    /// Unknown settings and invalid values are dropped; obsolete spellings from older drafts
    /// (`align:middle`, position alignment `start|middle|end`) become their current forms.
    /// - Parameter text: The text after the end timestamp.
    init(parsing text: String) {
        self.init()
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            guard let colon = token.firstIndex(of: ":"), colon != token.startIndex else { continue }
            let name = String(token[..<colon])
            let value = String(token[token.index(after: colon)...])
            switch name {
            case "vertical" where value == "rl" || value == "lr": vertical = value
            case "line": line = Self.line(value) ?? line
            case "position": position = Self.position(value) ?? position
            case "size" where Self.isPercentage(value): size = value
            case "align": align = Self.alignment(value) ?? align
            default: continue
            }
        }
    }

    /// Whether no setting is present.
    var isEmpty: Bool { self == CueSettings() }

    /// The settings as they follow the timestamps on a WebVTT timing line (empty when none).
    var text: String {
        var parts: [String] = []
        if let vertical { parts.append("vertical:\(vertical)") }
        if let line { parts.append("line:\(line)") }
        if let position { parts.append("position:\(position)") }
        if let size { parts.append("size:\(size)") }
        if let align { parts.append("align:\(align)") }
        return parts.joined(separator: " ")
    }

    /// Positioning for an ASS/SSA numpad alignment (`\an1` … `\an9`: 1–3 bottom, 4–6 middle, 7–9 top;
    /// left, centre, right in each row).
    /// - Parameter numpad: The alignment 1…9.
    /// - Returns: Settings placing the cue there; empty for 2 (bottom centre, the default).
    static func numpad(_ numpad: Int) -> CueSettings {
        guard (1...9).contains(numpad) else { return CueSettings() }
        var settings = CueSettings()
        switch (numpad - 1) / 3 {
        case 1: settings.line = "50%,center"
        case 2: settings.line = "5%"
        default: break
        }
        switch (numpad - 1) % 3 {
        case 0:
            settings.position = "5%,line-left"
            settings.align = "left"
        case 2:
            settings.position = "95%,line-right"
            settings.align = "right"
        default: break
        }
        return settings
    }

    private static func isPercentage(_ value: String) -> Bool {
        guard value.hasSuffix("%"), let number = Double(value.dropLast()), value.first != "+" else { return false }
        return number >= 0 && number <= 100
            && !value.dropLast().contains { !($0.isASCII && ($0.isNumber || $0 == ".")) }
    }

    private static func line(_ value: String) -> String? {
        let parts = value.split(separator: ",", maxSplits: 1).map(String.init)
        guard let first = parts.first else { return nil }
        let numberValid =
            isPercentage(first)
            || (Int(first) != nil && first.first != "+" && !first.contains(where: { $0 == "." }))
        guard numberValid else { return nil }
        guard parts.count == 2 else { return first }
        let alignment = parts[1] == "middle" ? "center" : parts[1]
        guard ["start", "center", "end"].contains(alignment) else { return nil }
        return "\(first),\(alignment)"
    }

    private static func position(_ value: String) -> String? {
        let parts = value.split(separator: ",", maxSplits: 1).map(String.init)
        guard let first = parts.first, isPercentage(first) else { return nil }
        guard parts.count == 2 else { return first }
        let obsolete = ["start": "line-left", "middle": "center", "end": "line-right"]
        let alignment = obsolete[parts[1]] ?? parts[1]
        guard ["line-left", "center", "line-right"].contains(alignment) else { return nil }
        return "\(first),\(alignment)"
    }

    private static func alignment(_ value: String) -> String? {
        if value == "middle" { return "center" }
        return ["start", "center", "end", "left", "right"].contains(value) ? value : nil
    }
}
