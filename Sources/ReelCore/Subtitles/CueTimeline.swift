/// Fixes the timing of a file's cues so they play in order on the package's timeline.
///
/// Cues without visible text are dropped; a cue starting before zero starts at zero, one ending
/// at or before zero (or before it starts) is dropped; cues are sorted by start (ties keep file
/// order); and a cue that is still showing when the next cue at the same place begins ends
/// there, so the two do not stack. Cues that start together, or sit at different places, may
/// overlap as WebVTT allows.
enum CueTimeline {
    /// Normalises cue timing.
    /// - Parameters:
    ///   - cues: Cues in file order.
    ///   - file: The file's name, for the warnings.
    /// - Returns: The cues to package and one warning per kind of fix made.
    static func normalize(_ cues: [SubtitleCue], file: String) -> (cues: [SubtitleCue], warnings: [String]) {
        var kept: [SubtitleCue] = []
        var empty = 0
        var beforeZero = 0
        var clamped = 0
        var backwards = 0
        for var cue in cues {
            if CueText.plain(cue.text).allSatisfy(\.isWhitespace) {
                empty += 1
                continue
            }
            if cue.end <= 0 {
                beforeZero += 1
                continue
            }
            if cue.start < 0 {
                cue.start = 0
                clamped += 1
            }
            if cue.end <= cue.start {
                backwards += 1
                continue
            }
            kept.append(cue)
        }
        kept = kept.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
        var shortened = 0
        for index in kept.indices {
            let cue = kept[index]
            guard
                let next = kept[(index + 1)...].first(where: { $0.start > cue.start && $0.settings == cue.settings }),
                next.start < cue.end
            else { continue }
            kept[index].end = next.start
            shortened += 1
        }
        var warnings: [String] = []
        if clamped > 0 { warnings.append("\(file): \(clamped) cue(s) starting before 0 now start at 0") }
        if beforeZero > 0 { warnings.append("\(file): \(beforeZero) cue(s) ending before 0 dropped") }
        if backwards > 0 { warnings.append("\(file): \(backwards) cue(s) ending before they start dropped") }
        if shortened > 0 {
            warnings.append("\(file): \(shortened) overlapping cue(s) shortened to end where the next one starts")
        }
        if empty > 0 { warnings.append("\(file): \(empty) cue(s) without text dropped") }
        return (kept, warnings)
    }
}
