/// How far one decoded picture is from its reference, as libavfilter's `psnr` and `ssim` filters
/// measure it (`QualityMeter`).
public struct FrameQuality: Sendable, Equatable {
    /// The pair's place in the order the pairs were given to the meter, from 0.
    public var sequence: Int
    /// Mean squared error over the picture's planes, each plane weighted by its share of the
    /// samples (the `psnr` filter's `mse_avg`: for 4:2:0, Y counts 4/6, U and V 1/6 each).
    public var mse: Double
    /// Structural similarity of the whole picture, 0…1 (the `ssim` filter's `All`: the planes'
    /// SSIM weighted as above).
    public var ssim: Double
    /// The largest sample value (255 for 8-bit pictures, 1023 for 10-bit), for PSNR.
    public var peak: Double

    /// Creates a measurement.
    /// - Parameters:
    ///   - sequence: The pair's place in the meter's order.
    ///   - mse: Weighted mean squared error.
    ///   - ssim: SSIM of the picture.
    ///   - peak: The largest sample value.
    public init(sequence: Int, mse: Double, ssim: Double, peak: Double) {
        self.sequence = sequence
        self.mse = mse
        self.ssim = ssim
        self.peak = peak
    }
}
