/// What per-title analysis chose for one source, and why: the rungs to encode, the candidates it
/// left out, and the hull it chose from.
struct PerTitleChoice: Sendable, Equatable {
    /// One rung of the final ladder: the point the trials predict at the chosen bitrate (its
    /// size, CRF and quality read off the candidate's curve), and why. Reads like a `TrialPoint`:
    /// `rung.bitrate`, `rung.psnr`.
    @dynamicMemberLookup
    struct Rung: Sendable, Equatable {
        var predicted: TrialPoint
        /// Why this rung, in one sentence.
        var reason: String

        subscript<Value>(dynamicMember field: WritableKeyPath<TrialPoint, Value>) -> Value {
            get { predicted[keyPath: field] }
            set { predicted[keyPath: field] = newValue }
        }
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
