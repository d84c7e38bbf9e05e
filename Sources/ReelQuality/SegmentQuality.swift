/// One media segment of a rendition in `quality.json`.
public struct SegmentQuality: Sendable, Equatable, Codable {
    /// The segment's number in its playlist, from 1.
    public var number: Int
    /// Presentation start in seconds (0 = the first picture).
    public var start: Double
    /// Seconds.
    public var duration: Double
    /// The segment file's size (or byte range's length).
    public var bytes: Int
    /// `bytes` over `duration`, bits per second.
    public var bitrate: Int
    /// Pictures measured in it.
    public var frames: Int
    /// PSNR of the segment's mean MSE, dB.
    public var psnr: Double
    /// The segment's worst picture's PSNR, dB.
    public var psnrMin: Double
    /// Mean SSIM of the segment's pictures.
    public var ssim: Double
    /// The segment's worst picture's SSIM.
    public var ssimMin: Double

    /// Creates a segment's entry.
    public init(
        number: Int, start: Double, duration: Double, bytes: Int, bitrate: Int, frames: Int, psnr: Double,
        psnrMin: Double, ssim: Double, ssimMin: Double
    ) {
        self.number = number
        self.start = start
        self.duration = duration
        self.bytes = bytes
        self.bitrate = bitrate
        self.frames = frames
        self.psnr = psnr
        self.psnrMin = psnrMin
        self.ssim = ssim
        self.ssimMin = ssimMin
    }

    enum CodingKeys: String, CodingKey {
        case number, start, duration, bytes, bitrate, frames, psnr, ssim
        case psnrMin = "psnr_min"
        case ssimMin = "ssim_min"
    }
}
