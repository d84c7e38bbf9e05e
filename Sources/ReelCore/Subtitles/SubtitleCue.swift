/// One timed text cue in WebVTT form, on the package's presentation timeline.
struct SubtitleCue: Sendable, Equatable {
    /// Start in milliseconds from presentation time zero.
    var start: Int64
    /// End in milliseconds from presentation time zero (after `start` once normalised).
    var end: Int64
    /// The cue payload as valid WebVTT cue text: lines joined by `\n`, `&`, `<` and `>` escaped,
    /// only WebVTT's own tags (`b`, `i`, `u`, `c`, `v`, `lang`, `ruby`, `rt`).
    var text: String
    /// Positioning (WebVTT cue settings), empty for the default place.
    var settings: CueSettings
    /// The cue identifier, when the source had one.
    var identifier: String?

    /// Creates a cue.
    /// - Parameters:
    ///   - start: Start in milliseconds.
    ///   - end: End in milliseconds.
    ///   - text: Normalised WebVTT cue text.
    ///   - settings: Positioning.
    ///   - identifier: The cue identifier, if any.
    init(
        start: Int64, end: Int64, text: String, settings: CueSettings = CueSettings(), identifier: String? = nil
    ) {
        self.start = start
        self.end = end
        self.text = text
        self.settings = settings
        self.identifier = identifier
    }
}
