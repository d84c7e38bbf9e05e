import Foundation

/// Pools per-frame measurements (mean squared error and SSIM) into the figures a report shows,
/// the way FFmpeg's filters pool them at the end of a run:
///
/// - PSNR `mean` is ffmpeg's `average`: `10·log10(peak² / MSE)` of the mean MSE over the frames
///   (not the mean of per-frame PSNRs, which a few perfect frames would push to infinity);
/// - PSNR `min` is the worst frame's (ffmpeg's `min`, from the largest MSE);
/// - SSIM `mean` is the mean of the frames' `All` (ffmpeg's `All:`), `min` the worst frame's.
///
/// ```swift
/// var pooled = QualityStatistics()
/// pooled.add(mse: 4.2, ssim: 0.981, peak: 255)
/// pooled.psnr    // 41.89 (dB)
/// ```
public struct QualityStatistics: Sendable, Equatable {
    /// The PSNR given to a picture identical to its reference (MSE 0), which is infinite in
    /// theory and `inf` in ffmpeg's log: 100 dB, far above any lossy encode.
    public static let identicalPSNR = 100.0

    /// Frames pooled.
    public private(set) var frames = 0
    private var mseSum = 0.0
    private var ssimSum = 0.0
    private var largestMSE = 0.0
    private var smallestSSIM = 1.0
    /// The largest sample value of the pictures (255 for 8-bit).
    public private(set) var peak = 255.0

    /// Nothing pooled yet.
    public init() {}

    /// Adds one frame.
    /// - Parameters:
    ///   - mse: The frame's mean squared error, planes weighted by their sample counts.
    ///   - ssim: The frame's SSIM.
    ///   - peak: The largest sample value.
    public mutating func add(mse: Double, ssim: Double, peak: Double) {
        frames += 1
        mseSum += mse
        ssimSum += ssim
        largestMSE = max(largestMSE, mse)
        smallestSSIM = min(smallestSSIM, ssim)
        self.peak = peak
    }

    /// Adds every frame of another pool.
    /// - Parameter other: Frames pooled elsewhere (another segment of the same rendition).
    public mutating func merge(_ other: QualityStatistics) {
        guard other.frames > 0 else { return }
        frames += other.frames
        mseSum += other.mseSum
        ssimSum += other.ssimSum
        largestMSE = max(largestMSE, other.largestMSE)
        smallestSSIM = min(smallestSSIM, other.smallestSSIM)
        peak = other.peak
    }

    /// The mean MSE over the frames; nil without frames.
    public var meanMSE: Double? { frames > 0 ? mseSum / Double(frames) : nil }

    /// PSNR of the mean MSE in dB (ffmpeg's `average`); nil without frames.
    public var psnr: Double? { meanMSE.map { Self.decibels(mse: $0, peak: peak) } }

    /// The worst frame's PSNR in dB; nil without frames.
    public var minPSNR: Double? { frames > 0 ? Self.decibels(mse: largestMSE, peak: peak) : nil }

    /// The mean SSIM over the frames; nil without frames.
    public var ssim: Double? { frames > 0 ? ssimSum / Double(frames) : nil }

    /// The worst frame's SSIM; nil without frames.
    public var minSSIM: Double? { frames > 0 ? smallestSSIM : nil }

    /// PSNR in dB of a mean squared error: `10·log10(peak² / mse)`, `identicalPSNR` at 0.
    /// - Parameters:
    ///   - mse: Mean squared error.
    ///   - peak: The largest sample value.
    public static func decibels(mse: Double, peak: Double) -> Double {
        guard mse > 0 else { return identicalPSNR }
        return min(identicalPSNR, 10 * log10(peak * peak / mse))
    }
}
