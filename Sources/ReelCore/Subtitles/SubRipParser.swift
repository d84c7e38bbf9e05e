import Foundation

/// Reads SubRip (`.srt`) files: numbered blocks of a timing line and text, with the HTML-like tags
/// and ASS-style `{\an8}` alignment overrides players accept.
///
/// Lenient where real files vary (missing numbers, `.` for `,`, odd digit counts, negative times);
/// a cue number without a timing line after it, a block with neither at the start of the file,
/// or a timing line that does not parse, is an error naming the line. Other text blocks without
/// a timing line after a cue (a blank line inside a cue's text) continue that cue.
enum SubRipParser {
    /// Parses an SRT file.
    /// - Parameters:
    ///   - text: The decoded text, lines ending in `\n`.
    ///   - file: The file's name, for messages.
    /// - Returns: The cues with WebVTT cue text and positioning, times as written.
    /// - Throws: `SubtitleError.malformed` naming the line.
    static func parse(_ text: String, file: String) throws(SubtitleError) -> SubtitleDocument {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var document = SubtitleDocument()
        var raw: [(start: Int64, end: Int64, lines: [Substring])] = []
        var continued = 0
        var index = 0
        while index < lines.count {
            if isBlank(lines[index]) {
                index += 1
                continue
            }
            let blockStart = index
            while index < lines.count, !isBlank(lines[index]) { index += 1 }
            var block = lines[blockStart..<index]
            var timingLine = blockStart
            if let first = block.first, !first.contains("-->"),
                first.trimmingCharacters(in: .whitespaces).allSatisfy({ $0.isASCII && $0.isNumber }),
                block.count > 1, block[block.startIndex + 1].contains("-->")
            {
                block = block.dropFirst()
                timingLine += 1
            }
            guard let timing = block.first, timing.contains("-->") else {
                if block.count > 1, timingLine == blockStart,
                    lines[blockStart].trimmingCharacters(in: .whitespaces).allSatisfy({ $0.isASCII && $0.isNumber })
                {
                    throw .malformed(
                        file: file, line: blockStart + 2,
                        reason: "expected a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm' after cue number "
                            + "\(lines[blockStart].trimmingCharacters(in: .whitespaces)), found '\(lines[blockStart + 1].prefix(60))'"
                    )
                }
                guard !raw.isEmpty else {
                    throw .malformed(
                        file: file, line: blockStart + 1,
                        reason: "expected a cue number or a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm', "
                            + "found '\(lines[blockStart].prefix(60))'")
                }
                raw[raw.count - 1].lines += block
                continued += 1
                continue
            }
            let (start, end, _) = try WebVTTParser.timing(timing, line: timingLine + 1, file: file)
            raw.append((start, end, Array(block.dropFirst())))
        }
        if continued > 0 {
            document.warnings.append(
                "\(file): \(continued) text block(s) without a timing line were joined to the cue before them")
        }
        document.cues = raw.map { cue in
            let (text, alignment) = stripOverrides(cue.lines.joined(separator: "\n"))
            return SubtitleCue(
                start: cue.start, end: cue.end, text: CueText.normalize(text, dialect: .subRip),
                settings: alignment.map(CueSettings.numpad) ?? CueSettings())
        }
        return document
    }

    /// Removes `{\…}` override blocks, returning the first `\anN` alignment found.
    static func stripOverrides(_ text: String) -> (String, Int?) {
        var output = ""
        var alignment: Int?
        var rest = Substring(text)
        while let open = rest.range(of: "{\\") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let body = rest[open.upperBound..<close]
            if alignment == nil, body.hasPrefix("an"), body.count == 3, let digit = body.last?.wholeNumberValue,
                (1...9).contains(digit)
            {
                alignment = digit
            }
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return (output, alignment)
    }

    private static func isBlank(_ line: Substring) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" }
    }
}
