import ReelManifest

/// The shared instants of a package: IDR frames every keyframe interval and segment cuts every
/// segment duration, both counted from presentation time zero, and at each cue point (ad break)
/// both an IDR and a cut, the segments on either side shorter. Every rendition uses the same
/// instants, so all renditions cut at the same times.
struct SegmentTiming: Sendable {
    /// Segment duration in milliseconds.
    let segmentMilliseconds: Int64
    /// Keyframe interval in milliseconds.
    let keyframeMilliseconds: Int64
    /// Cue points in milliseconds, ascending: a frame at or after one starts a new segment and
    /// keyframe interval; the regular grid goes on from zero around them.
    var cueMilliseconds: [Int64] = []

    /// Seconds below which a rendition's final piece joins the segment before it instead of
    /// becoming a segment of its own.
    static let tailMerge = 0.25

    /// The keyframe interval a video frame falls in: frame `n` starts a new interval (and must be
    /// an IDR) when this value differs from frame `n - 1`'s.
    func keyframeIndex(frame n: Int64, rate: Rational) -> Int64 {
        interval(frame: n, rate: rate, milliseconds: keyframeMilliseconds) + cuesPassed(frame: n, rate: rate)
    }

    /// The segment a video frame belongs to. Indices only grow; at a cue on the regular grid they
    /// step by two.
    func segmentIndex(frame n: Int64, rate: Rational) -> Int64 {
        interval(frame: n, rate: rate, milliseconds: segmentMilliseconds) + cuesPassed(frame: n, rate: rate)
    }

    /// The segment an audio sample position (in samples at `sampleRate`) belongs to.
    func segmentIndex(sample: Int64, sampleRate: Int) -> Int64 {
        guard sample > 0 else { return 0 }
        let passed = cueMilliseconds.count { sample * 1000 >= $0 * Int64(sampleRate) }
        return sample * 1000 / (Int64(sampleRate) * segmentMilliseconds) + Int64(passed)
    }

    /// How many cues lie at or before frame `n`'s instant.
    private func cuesPassed(frame n: Int64, rate: Rational) -> Int64 {
        guard n >= 0, !cueMilliseconds.isEmpty else { return 0 }
        return Int64(cueMilliseconds.count { n * Int64(rate.denominator) * 1000 >= $0 * Int64(rate.numerator) })
    }

    /// The number of GOP frames the encoder may use between forced IDRs.
    func keyframeFrames(rate: Rational) -> Int {
        let frames = Double(keyframeMilliseconds) / 1000 * rate.value
        return max(1, Int(frames.rounded(.up)))
    }

    private func interval(frame n: Int64, rate: Rational, milliseconds: Int64) -> Int64 {
        guard n >= 0 else { return -1 }
        // floor(n × den / num / (ms / 1000)), in exact integers.
        return n * Int64(rate.denominator) * 1000 / (Int64(rate.numerator) * milliseconds)
    }
}
