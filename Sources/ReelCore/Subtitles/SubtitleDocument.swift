/// What a subtitle file holds once parsed: cues in file order and WebVTT style sheets.
struct SubtitleDocument: Sendable, Equatable {
    /// Cues as written, before timing fixes (`CueTimeline`).
    var cues: [SubtitleCue]
    /// Bodies of WebVTT `STYLE` blocks (CSS for `::cue`), kept for the output files' headers.
    var styles: [String]
    /// Things worth telling the user that do not stop the job.
    var warnings: [String]

    /// Creates a document.
    /// - Parameters:
    ///   - cues: The cues.
    ///   - styles: `STYLE` block bodies.
    ///   - warnings: Messages for the user.
    init(cues: [SubtitleCue] = [], styles: [String] = [], warnings: [String] = []) {
        self.cues = cues
        self.styles = styles
        self.warnings = warnings
    }
}
