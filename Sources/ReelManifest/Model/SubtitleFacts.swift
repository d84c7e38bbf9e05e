/// Subtitle-specific facts of a rendition (segmented WebVTT for HLS, WebVTT in fMP4 for DASH).
public struct SubtitleFacts: Sendable, Codable, Equatable {
    /// BCP 47 / ISO 639 language code, or nil when unknown.
    var language: String?
    /// Human-readable name shown by players (HLS `NAME`).
    var name: String
    /// Whether players should show this track without the viewer asking for it.
    var isDefault: Bool
    /// Forced subtitles (foreign dialogue, signs): HLS `FORCED=YES`, DASH role `forced-subtitle`.
    var isForced: Bool
    /// Subtitles for the deaf and hard of hearing: HLS `CHARACTERISTICS` (transcribes spoken
    /// dialogue, describes music and sound), DASH role `caption`.
    var isSDH: Bool

    /// Creates subtitle facts.
    /// - Parameters:
    ///   - language: BCP 47 / ISO 639 language code, or nil when unknown.
    ///   - name: The name players show.
    ///   - isDefault: Whether the track is shown by default (HLS `DEFAULT=YES`).
    ///   - isForced: Forced subtitles.
    ///   - isSDH: Subtitles for the deaf and hard of hearing.
    public init(language: String?, name: String, isDefault: Bool = false, isForced: Bool = false, isSDH: Bool = false) {
        self.language = language
        self.name = name
        self.isDefault = isDefault
        self.isForced = isForced
        self.isSDH = isSDH
    }

    /// HLS `CHARACTERISTICS` of SDH tracks (Apple's accessibility UTIs).
    static let sdhCharacteristics =
        "public.accessibility.transcribes-spoken-dialog,public.accessibility.describes-music-and-sound"

    /// The DASH role (`urn:mpeg:dash:role:2011`): `forced-subtitle`, `caption` or `subtitle`.
    var dashRole: String { isForced ? "forced-subtitle" : isSDH ? "caption" : "subtitle" }
}
