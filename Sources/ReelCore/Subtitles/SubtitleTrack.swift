/// One subtitle track to package: its cues on the package's timeline and how players present it.
struct SubtitleTrack: Sendable, Equatable {
    /// Rendition id and directory, e.g. `s-en`.
    var id: String
    /// BCP 47 language, nil when unknown.
    var language: String?
    /// The name players show.
    var name: String
    var isForced: Bool
    var isDefault: Bool
    /// For the deaf and hard of hearing.
    var isSDH: Bool
    /// Cues in presentation order, times in milliseconds from presentation time zero.
    var cues: [SubtitleCue]
    /// WebVTT `STYLE` block bodies to repeat in every file's header.
    var styles: [String]
    /// Where the cues came from (a file, or a stream of the source), for messages.
    var origin: String

    /// Creates a track.
    /// - Parameters:
    ///   - id: Rendition id.
    ///   - language: BCP 47 language or nil.
    ///   - name: Display name.
    ///   - isForced: Forced subtitles.
    ///   - isDefault: Shown by default.
    ///   - isSDH: For the deaf and hard of hearing.
    ///   - cues: Normalised cues.
    ///   - styles: `STYLE` block bodies.
    ///   - origin: Where the cues came from.
    init(
        id: String, language: String?, name: String, isForced: Bool = false, isDefault: Bool = false,
        isSDH: Bool = false, cues: [SubtitleCue], styles: [String] = [], origin: String
    ) {
        self.id = id
        self.language = language
        self.name = name
        self.isForced = isForced
        self.isDefault = isDefault
        self.isSDH = isSDH
        self.cues = cues
        self.styles = styles
        self.origin = origin
    }
}
