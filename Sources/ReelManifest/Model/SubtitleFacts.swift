/// Subtitle-specific facts of a rendition (segmented WebVTT).
public struct SubtitleFacts: Sendable, Codable, Equatable {
    /// BCP 47 / ISO 639 language code, or nil when unknown.
    public var language: String?
    /// Human-readable name shown by players (HLS `NAME`).
    public var name: String
    /// Whether players should show this track without the viewer asking for it.
    public var isDefault: Bool

    /// Creates subtitle facts.
    /// - Parameters:
    ///   - language: BCP 47 / ISO 639 language code, or nil when unknown.
    ///   - name: The name players show.
    ///   - isDefault: Whether the track is shown by default (HLS `DEFAULT=YES`).
    public init(language: String?, name: String, isDefault: Bool = false) {
        self.language = language
        self.name = name
        self.isDefault = isDefault
    }
}
