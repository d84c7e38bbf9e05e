/// CEA-608 closed captions carried inside a video rendition's bitstream (H.264 SEI).
public struct ClosedCaptionFacts: Sendable, Codable, Equatable, Hashable {
    /// The caption channel: `CC1` … `CC4` (HLS `INSTREAM-ID`).
    var instreamID: String
    /// BCP 47 language, nil when unknown.
    var language: String?
    /// The name players show (HLS `NAME`).
    var name: String

    /// Creates caption facts.
    /// - Parameters:
    ///   - instreamID: `CC1` … `CC4`.
    ///   - language: BCP 47 language, or nil.
    ///   - name: The name players show.
    public init(instreamID: String = "CC1", language: String? = nil, name: String) {
        self.instreamID = instreamID
        self.language = language
        self.name = name
    }
}
