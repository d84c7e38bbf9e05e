/// What per-title analysis chose for one source, and why: the rungs to encode, the candidates it
/// left out, and the hull it chose from.
struct PerTitleChoice: Sendable, Equatable {
    /// One rung of the final ladder.
    struct Rung: Sendable, Equatable {
        /// The candidate whose size the rung has (`720p`).
        var candidate: String
        var width: Int
        var height: Int
        /// The bitrate chosen, bits per second.
        var bitrate: Int
        /// The CRF the trials say spends about `bitrate` (used with capped CRF).
        var crf: Double
        /// The PSNR and SSIM the trials predict at `bitrate`, against the source at this size
        /// (what the package's quality report measures).
        var psnr: Double
        var ssim: Double?
        /// The same seen at the top candidate's size (what sizes are compared by).
        var displayPSNR: Double
        var displaySSIM: Double?
        /// Why this rung, in one sentence.
        var reason: String
    }

    /// A candidate size, or a rung considered, that is not in the ladder.
    struct Dropped: Sendable, Equatable {
        /// The candidate's name, with the bitrate when a rung at that size was considered.
        var name: String
        var reason: String
    }

    /// The rungs, top (dearest) first.
    var rungs: [Rung]
    var dropped: [Dropped]
    /// The upper convex hull of every trial point, by bitrate.
    var hull: [TrialPoint]
}
