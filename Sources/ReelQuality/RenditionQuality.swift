/// One video rendition in `quality.json`: its picture, its bit rates and how close it is to
/// the source, overall and per segment.
public struct RenditionQuality: Sendable, Equatable, Codable {
    /// The rendition's name: its directory in a Reel package (`v720p`), else the manifest's id.
    public var id: String
    public var width: Int
    public var height: Int
    /// RFC 6381 codecs, when known.
    public var codecs: String?
    /// Frames per second, when known.
    public var frameRate: Double?
    /// The declared peak bit rate, bits per second. Measured while packaging: the rendition's own
    /// (its segments alone, as RFC 8216 defines the peak). Read from a package: as its manifest
    /// declares it (DASH `@bandwidth`; HLS `BANDWIDTH`, the variant's, its audio included).
    public var bandwidth: Int?
    /// The declared average bit rate (HLS `AVERAGE-BANDWIDTH`), bits per second, likewise.
    public var averageBandwidth: Int?
    /// The measured bit rate: every media segment's bytes over the rendition's duration, bits per
    /// second (MPEG-TS segments that carry audio too count it).
    public var bitrate: Int
    /// Pictures measured.
    public var frames: Int
    /// PSNR in dB.
    public var psnr: MetricSummary
    /// SSIM, 0…1.
    public var ssim: MetricSummary
    /// The figures of each media segment, in order.
    public var segments: [SegmentQuality]

    /// Creates a rendition's entry.
    public init(
        id: String, width: Int, height: Int, codecs: String? = nil, frameRate: Double? = nil, bandwidth: Int? = nil,
        averageBandwidth: Int? = nil, bitrate: Int, frames: Int, psnr: MetricSummary, ssim: MetricSummary,
        segments: [SegmentQuality]
    ) {
        self.id = id
        self.width = width
        self.height = height
        self.codecs = codecs
        self.frameRate = frameRate
        self.bandwidth = bandwidth
        self.averageBandwidth = averageBandwidth
        self.bitrate = bitrate
        self.frames = frames
        self.psnr = psnr
        self.ssim = ssim
        self.segments = segments
    }

    enum CodingKeys: String, CodingKey {
        case id, width, height, codecs, bandwidth, bitrate, frames, psnr, ssim, segments
        case frameRate = "frame_rate"
        case averageBandwidth = "average_bandwidth"
    }
}
