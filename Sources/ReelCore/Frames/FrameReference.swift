/// A reference to one frame of a source: `{"uri": "...", "pts_ns": 1500000000}`.
///
/// `pts_ns` is the presentation time in nanoseconds from the start of the source (the same origin
/// as `ffmpeg -ss`); nil refers to the whole media (an image).
struct FrameReference: Sendable, Hashable, Codable {
    /// The source URI or path.
    var uri: String
    /// Presentation time in nanoseconds from the start of the source.
    var ptsNanoseconds: Int64?

    /// - Parameters:
    ///   - uri: The source URI or path.
    ///   - ptsNanoseconds: Presentation time in nanoseconds, or nil.
    init(uri: String, ptsNanoseconds: Int64?) {
        self.uri = uri
        self.ptsNanoseconds = ptsNanoseconds
    }

    enum CodingKeys: String, CodingKey {
        case uri
        case ptsNanoseconds = "pts_ns"
    }

    /// The source it refers to.
    var source: MediaSource { MediaSource(uri: uri) }
}
