/// What a per-title analysis chose and why, as `quality.json` and the job result say it.
///
/// ```json
/// "per_title": {"metric": "psnr", "target": 42, "floor": 40, "rate_control": "capped_crf",
///   "analysis": {"stretches": 5, "seconds": 10, "trials": 16, "cpu_seconds": 41.2},
///   "rungs": [{"name": "1080p", "width": 1920, "height": 1080, "bitrate": 1450000, "crf": 27.3,
///              "predicted_psnr": 42.0, "predicted_ssim": 0.985,
///              "reason": "lowest bitrate reaching the target 42.0 dB"}],
///   "dropped": [{"name": "360p", "reason": "no chosen bitrate where this size is the best on the hull"}]}
/// ```
public struct PerTitleDecision: Sendable, Equatable, Codable {
    /// A chosen rung: its size, the bitrate chosen, the quality the trials predict, and why.
    public struct Rung: Sendable, Equatable, Codable {
        public var name: String
        public var width: Int
        public var height: Int
        /// Bits per second.
        public var bitrate: Int
        /// The CRF of a capped-CRF encode; nil with a target bitrate.
        public var crf: Double?
        public var predictedPSNR: Double
        /// Nil when the choice was made on PSNR (the trials skip SSIM).
        public var predictedSSIM: Double?
        public var reason: String

        public init(
            name: String, width: Int, height: Int, bitrate: Int, crf: Double?, predictedPSNR: Double,
            predictedSSIM: Double?, reason: String
        ) {
            self.name = name
            self.width = width
            self.height = height
            self.bitrate = bitrate
            self.crf = crf
            self.predictedPSNR = predictedPSNR
            self.predictedSSIM = predictedSSIM
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case name, width, height, bitrate, crf, reason
            case predictedPSNR = "predicted_psnr"
            case predictedSSIM = "predicted_ssim"
        }
    }

    /// A candidate or considered rung left out, and why.
    public struct Dropped: Sendable, Equatable, Codable {
        public var name: String
        public var reason: String

        public init(name: String, reason: String) {
            self.name = name
            self.reason = reason
        }
    }

    /// What the analysis did and cost.
    public struct Analysis: Sendable, Equatable, Codable {
        /// Stretches sampled from the source.
        public var stretches: Int
        /// Seconds of source in the stretches together.
        public var seconds: Double
        /// Trial encodes measured (candidates × rate points).
        public var trials: Int
        /// Processor seconds the analysis used.
        public var cpuSeconds: Double

        public init(stretches: Int, seconds: Double, trials: Int, cpuSeconds: Double) {
            self.stretches = stretches
            self.seconds = seconds
            self.trials = trials
            self.cpuSeconds = cpuSeconds
        }

        enum CodingKeys: String, CodingKey {
            case stretches, seconds, trials
            case cpuSeconds = "cpu_seconds"
        }
    }

    /// `psnr` or `ssim`.
    public var metric: String
    /// The top rung's quality target.
    public var target: Double
    /// The lowest rung's floor, if the preset has one.
    public var floor: Double?
    /// `capped_crf` or `bitrate`.
    public var rateControl: String
    public var analysis: Analysis
    /// Top rung first.
    public var rungs: [Rung]
    public var dropped: [Dropped]

    public init(
        metric: String, target: Double, floor: Double?, rateControl: String, analysis: Analysis, rungs: [Rung],
        dropped: [Dropped]
    ) {
        self.metric = metric
        self.target = target
        self.floor = floor
        self.rateControl = rateControl
        self.analysis = analysis
        self.rungs = rungs
        self.dropped = dropped
    }

    enum CodingKeys: String, CodingKey {
        case metric, target, floor, analysis, rungs, dropped
        case rateControl = "rate_control"
    }
}
