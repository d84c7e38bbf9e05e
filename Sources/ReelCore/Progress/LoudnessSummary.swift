/// One audio rendition's loudness normalisation, in the run's summary, the completed event, the
/// job result and its callback.
///
/// ```json
/// "loudness": [{"rendition": "a128k", "standard": "ebu-r128", "target_integrated": -23,
///               "target_true_peak": -1, "gain_db": 7.4, "limited": false,
///               "input": {"integrated": -30.4, "true_peak": -9.8, "lra": 6.1},
///               "output": {"integrated": -23.0, "true_peak": -2.4, "lra": 6.1}}]
/// ```
/// A source below the absolute gate (silence) has no `input`, no gain and is left as it is.
public struct LoudnessSummary: Sendable, Equatable, Codable {
    /// Loudness figures of a programme.
    public struct Figures: Sendable, Equatable, Codable {
        /// Integrated loudness, LUFS.
        public var integrated: Double
        /// Highest true peak, dBTP.
        public var truePeak: Double
        /// Loudness range, LU.
        public var range: Double

        enum CodingKeys: String, CodingKey {
            case integrated
            case truePeak = "true_peak"
            case range = "lra"
        }
    }

    public var rendition: String
    public var standard: LoudnessStandard
    /// The integrated loudness asked for, LUFS.
    public var targetIntegrated: Double
    /// The true-peak ceiling asked for, dBTP.
    public var targetTruePeak: Double
    /// The gain applied, dB; nil when the source was left as it is.
    public var gain: Double?
    /// Whether the true-peak limiter ran.
    public var limited: Bool
    /// The source stream, measured before encoding; nil when it could not be measured.
    public var input: Figures?
    /// What the encoder was given, measured while encoding.
    public var output: Figures?

    enum CodingKeys: String, CodingKey {
        case rendition, standard, limited, input, output
        case targetIntegrated = "target_integrated"
        case targetTruePeak = "target_true_peak"
        case gain = "gain_db"
    }
}
