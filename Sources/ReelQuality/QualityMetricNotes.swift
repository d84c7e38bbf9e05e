/// What the figures of a `QualityReport` are, in words, so the JSON explains itself.
public struct QualityMetricNotes: Sendable, Equatable, Codable {
    /// PSNR: what it compares, how it is pooled.
    public var psnr: String
    /// SSIM: the same for SSIM.
    public var ssim: String
    /// Why there is no VMAF.
    public var vmaf: String

    /// The notes of Reel's measurements.
    public init(
        psnr: String =
            "PSNR in dB (FFmpeg psnr filter) of each decoded picture against the source scaled to the rendition's "
            + "size (bicubic), planes weighted by their sample counts; mean = 10*log10(peak^2 / mean MSE over the "
            + "frames), ffmpeg's 'average'; min = the worst frame; identical pictures count as 100 dB",
        ssim: String =
            "SSIM (FFmpeg ssim filter, 'All': planes weighted by their sample counts), 0 to 1; mean over the "
            + "frames; min = the worst frame",
        vmaf: String = "not measured: Debian's FFmpeg 5.1 is built without libvmaf"
    ) {
        self.psnr = psnr
        self.ssim = ssim
        self.vmaf = vmaf
    }
}
