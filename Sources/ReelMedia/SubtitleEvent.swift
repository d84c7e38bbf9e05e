/// One subtitle event of a text subtitle stream.
public struct SubtitleEvent: Sendable, Equatable {
    /// How `lines` are written.
    public enum Format: Sendable, Equatable {
        /// ASS events as libavcodec writes them: `ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text`.
        case ass
        /// WebVTT cue payloads (Matroska `S_TEXT/WEBVTT`, which this FFmpeg reads as raw packets).
        case webVTT
        /// Plain text.
        case plain
    }

    /// Start in seconds on the source's timeline.
    public var start: Double
    /// End in seconds on the source's timeline; nil when the stream does not say.
    public var end: Double?
    /// One entry per subtitle rectangle (cue) shown at the same time.
    public var lines: [String]
    public var format: Format
}
