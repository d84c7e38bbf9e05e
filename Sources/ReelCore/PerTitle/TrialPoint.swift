/// A point on a candidate size's rate–quality curve: one trial encode's outcome (the size encoded
/// at one CRF over the sampled stretches), or a point read off the curve between trials (a chosen
/// rung's prediction). It has the bitrate spent and the quality reached: against the source at
/// its own size (what the package's quality report will measure) and as seen at the top
/// candidate's size (its pictures scaled up, as a player shows them), which is what sizes are
/// compared by.
struct TrialPoint: Sendable, Equatable {
    /// The candidate rung's name (`720p`).
    var candidate: String
    var width: Int
    var height: Int
    /// The CRF of the trial.
    var crf: Double
    /// Bits per second over the sampled stretches.
    var bitrate: Int
    /// Pooled PSNR in dB.
    var psnr: Double
    /// Mean SSIM; nil when the choice is made on PSNR (the trials then skip SSIM).
    var ssim: Double?
    /// PSNR and SSIM of the pictures scaled up to the top candidate's size, against the source
    /// at that size; the own-size figures for the top candidate itself.
    var displayPSNR: Double
    var displaySSIM: Double?

    /// The figure `metric` names, as seen at the top size: what the hull and the choice use.
    func quality(_ metric: PerTitleSettings.Metric) -> Double {
        metric == .psnr ? displayPSNR : (displaySSIM ?? 0)
    }
}
