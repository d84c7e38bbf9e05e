import Foundation

/// Reads WebVTT files (W3C WebVTT): header, `NOTE`, `STYLE` and `REGION` blocks and cues with
/// identifiers, settings and payloads.
///
/// Malformed structure (no `WEBVTT` line, a block that is neither a note nor a cue, a bad
/// timestamp) is an error naming the line; invalid cue settings are dropped as browsers do.
enum WebVTTParser {
    /// Parses a WebVTT file.
    /// - Parameters:
    ///   - text: The decoded text, lines ending in `\n`.
    ///   - file: The file's name, for messages.
    /// - Returns: The cues (payloads normalised, times as written) and style sheets.
    /// - Throws: `SubtitleError.malformed` naming the line.
    static func parse(_ text: String, file: String) throws(SubtitleError) -> SubtitleDocument {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix("WEBVTT"),
            first.count == 6 || first.dropFirst(6).first == " " || first.dropFirst(6).first == "\t"
        else {
            throw .malformed(file: file, line: 1, reason: "not a WebVTT file: the first line must be 'WEBVTT'")
        }
        var document = SubtitleDocument()
        var index = 1
        // The header runs to the first blank line.
        while index < lines.count, !isBlank(lines[index]), !lines[index].contains("-->") {
            if lines[index].hasPrefix("X-TIMESTAMP-MAP") {
                document.warnings.append(
                    "\(file): line \(index + 1): X-TIMESTAMP-MAP ignored; cue times are taken as written")
            }
            index += 1
        }
        var droppedRegions = false
        var lateStyles = 0
        while index < lines.count {
            if isBlank(lines[index]) {
                index += 1
                continue
            }
            let start = index
            while index < lines.count, !isBlank(lines[index]) { index += 1 }
            let block = Array(lines[start..<index])
            let keyword = block[0].prefix { !$0.isWhitespace }
            if keyword == "NOTE" && !block[0].contains("-->") { continue }
            if keyword == "STYLE" && block[0].trimmingCharacters(in: .whitespaces) == "STYLE" {
                if document.cues.isEmpty {
                    document.styles.append(block.dropFirst().filter { !$0.contains("-->") }.joined(separator: "\n"))
                } else {
                    lateStyles += 1
                }
                continue
            }
            if keyword == "REGION" && block[0].trimmingCharacters(in: .whitespaces) == "REGION" {
                droppedRegions = true
                continue
            }
            document.cues.append(try cue(block, firstLine: start + 1, file: file))
        }
        if droppedRegions {
            document.warnings.append("\(file): REGION blocks are not kept; their cues use default positions")
        }
        if lateStyles > 0 {
            document.warnings.append("\(file): \(lateStyles) STYLE block(s) after the first cue ignored")
        }
        return document
    }

    private static func cue(_ block: [Substring], firstLine: Int, file: String) throws(SubtitleError) -> SubtitleCue {
        var timingIndex = 0
        var identifier: String?
        if !block[0].contains("-->") {
            guard block.count > 1, block[1].contains("-->") else {
                throw .malformed(
                    file: file, line: firstLine,
                    reason: "expected a cue timing line 'HH:MM:SS.mmm --> HH:MM:SS.mmm', found '\(block[0].prefix(60))'"
                )
            }
            identifier = String(block[0]).trimmingCharacters(in: .whitespaces)
            timingIndex = 1
        }
        let line = firstLine + timingIndex
        let (start, end, rest) = try timing(block[timingIndex], line: line, file: file)
        let payload = block[(timingIndex + 1)...].joined(separator: "\n")
        return SubtitleCue(
            start: start, end: end, text: CueText.normalize(payload, dialect: .webVTT),
            settings: CueSettings(parsing: rest), identifier: identifier)
    }

    /// Reads `start --> end [settings]`.
    static func timing(_ line: Substring, line number: Int, file: String) throws(SubtitleError) -> (
        Int64, Int64, String
    ) {
        guard let arrow = line.range(of: "-->") else {
            throw .malformed(file: file, line: number, reason: "expected '-->' in the cue timing line")
        }
        let startText = line[..<arrow.lowerBound].trimmingCharacters(in: .whitespaces)
        let after = line[arrow.upperBound...].drop { $0 == " " || $0 == "\t" }
        let endText = after.prefix { $0 != " " && $0 != "\t" }
        guard let start = SubtitleTimestamp.parse(Substring(startText)) else {
            throw .malformed(file: file, line: number, reason: "invalid start timestamp '\(startText)'")
        }
        guard let end = SubtitleTimestamp.parse(endText) else {
            throw .malformed(file: file, line: number, reason: "invalid end timestamp '\(endText)'")
        }
        return (start, end, String(after.dropFirst(endText.count)))
    }

    private static func isBlank(_ line: Substring) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" }
    }
}
