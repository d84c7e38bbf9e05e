/// A reference to one frame of a source: `{"uri": "...", "pts_ns": 1500000000}`.
///
/// `pts_ns` is the presentation time in nanoseconds from the start of the source (the same origin
/// as `ffmpeg -ss`); nil refers to the whole media (an image).
public struct FrameReference: Sendable, Hashable, Codable {
    /// The source URI or path.
    public var uri: String
    /// Presentation time in nanoseconds from the start of the source.
    public var ptsNanoseconds: Int64?

    /// - Parameters:
    ///   - uri: The source URI or path.
    ///   - ptsNanoseconds: Presentation time in nanoseconds, or nil.
    public init(uri: String, ptsNanoseconds: Int64?) {
        self.uri = uri
        self.ptsNanoseconds = ptsNanoseconds
    }

    enum CodingKeys: String, CodingKey {
        case uri
        case ptsNanoseconds = "pts_ns"
    }

    /// The source it refers to.
    public var source: MediaSource { MediaSource(uri: uri) }
}
