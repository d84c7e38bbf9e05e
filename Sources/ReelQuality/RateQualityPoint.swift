/// A point in the rate–quality plane: an encode of some size at some bit rate and the quality it
/// reached. Per-title analysis reports its trial encodes, their convex hull and the rungs it
/// chose as these (`QualityReport.trials`, `.hull`, `.chosen`); the chart draws them.
public struct RateQualityPoint: Sendable, Equatable, Codable {
    public var width: Int
    public var height: Int
    /// Bits per second.
    public var bitrate: Int
    /// PSNR in dB.
    public var psnr: Double
    /// SSIM, when measured.
    public var ssim: Double?
    /// A short name for the chart and logs (`720p crf 23`, a rung's name).
    public var label: String?

    /// Creates a point.
    public init(width: Int, height: Int, bitrate: Int, psnr: Double, ssim: Double? = nil, label: String? = nil) {
        self.width = width
        self.height = height
        self.bitrate = bitrate
        self.psnr = psnr
        self.ssim = ssim
        self.label = label
    }
}
