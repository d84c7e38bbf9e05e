/// One metric of a rendition over all its frames: the pooled mean and the worst frame.
public struct MetricSummary: Sendable, Equatable, Codable {
    /// The pooled value (PSNR: of the mean MSE; SSIM: the mean).
    public var mean: Double
    /// The worst frame's value.
    public var min: Double

    /// - Parameters:
    ///   - mean: The pooled value.
    ///   - min: The worst frame's value.
    public init(mean: Double, min: Double) {
        self.mean = mean
        self.min = min
    }
}
