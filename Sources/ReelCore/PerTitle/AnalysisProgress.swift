/// Progress of per-title analysis (the `analysis` event), sent after each sampled stretch, before
/// `started`: the trial encodes that decide the ladder.
public struct AnalysisProgress: Sendable, Equatable, Codable {
    /// 0…1: the share of the stretches read and handed to the trials.
    public var fraction: Double
    /// Stretches sampled from the source.
    public var stretches: Int
    /// The candidate sizes (rung names) being tried.
    public var candidates: [String]
    /// Rate points (CRF values) per candidate.
    public var ratePoints: Int
}
