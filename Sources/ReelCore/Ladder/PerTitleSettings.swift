/// How a per-title ladder is built (`per_title:` in a preset): Reel encodes short trial stretches
/// of the source at several rate points per candidate size, builds the rate–quality hull, and
/// picks each rung's size and bitrate from it (`PerTitleAnalyzer`, `PerTitleChooser`).
///
/// ```yaml
/// per_title:
///   metric: psnr             # psnr (dB, default) | ssim (0…1)
///   target: 42               # the top rung's quality (or max: 42)
///   min: 40                  # the lowest rung's quality floor
///   min_bitrate: 300k
///   max_bitrate: 6000k
///   max_rungs: 4
///   min_step: 1.5            # least quality gain between neighbouring rungs
///   max_ratio: 2.5           # neighbouring rungs' bitrates at most this far apart (default 2.5)
///   rate_control: capped_crf # capped_crf | bitrate
///   trials: {samples: 5, duration: 2, preset: superfast, crf: [20, 26, 32, 38]}
/// ```
/// The preset's `rungs:` are the candidate sizes; their bitrates are chosen.
public struct PerTitleSettings: Sendable, Codable, Equatable {
    /// The quality measure the choice is made on.
    public enum Metric: String, Sendable, Codable, Equatable, CaseIterable {
        /// PSNR in dB (pooled over the frames like ffmpeg's `average`).
        case psnr
        /// SSIM, 0…1 (ffmpeg's `All`).
        case ssim
    }

    /// How the final ladder's rungs are encoded.
    public enum FinalRateControl: String, Sendable, Codable, Equatable, CaseIterable {
        /// The CRF the analysis found for the rung, capped by maxrate/bufsize from its bitrate.
        case cappedCRF = "capped_crf"
        /// The chosen bitrate as the target, capped by maxrate/bufsize (VBV).
        case bitrate
    }

    /// How the trial encodes are made.
    public struct Trials: Sendable, Codable, Equatable {
        /// Stretches sampled, spread evenly over the source.
        public var samples = 5
        /// Seconds per stretch.
        public var duration = 2.0
        /// The encoder preset of the trials (fast: they only map the curve).
        public var preset = "superfast"
        /// The rate points of each candidate size, as CRF values.
        public var crf: [Double] = [20, 26, 32, 38]
    }

    public var metric = Metric.psnr
    /// The top rung's quality: the lowest bitrate reaching it is chosen, up to `maxBitrate`.
    public var target: Double
    /// The lowest rung's quality floor; nil for none (rungs go down to `minBitrate`).
    public var floor: Double?
    /// Bits per second the lowest rung spends at least.
    public var minBitrate: Int
    /// Bits per second the top rung spends at most.
    public var maxBitrate: Int
    /// Rungs at most.
    public var maxRungs: Int
    /// The least quality a rung must add over the next lower one, in the metric's unit.
    public var minStep: Double
    /// The largest bitrate ratio between neighbouring rungs: a wider gap gets a rung in between
    /// (while `maxRungs` allows), so a player that steps down never loses more than this factor.
    public var maxRatio = 2.5
    public var rateControl = FinalRateControl.cappedCRF
    public var trials = Trials()
}
