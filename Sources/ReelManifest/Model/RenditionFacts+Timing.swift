/// Segment timing as the manifests declare it.
extension RenditionFacts {
    /// Each segment's duration in microseconds, rounded half-up: exactly the value EXTINF prints.
    internal var segmentMicroseconds: [Int64] {
        segments.map { FixedPoint.rounded($0.duration, over: timescale, decimals: 6) }
    }

    /// Each segment's start in seconds of presentation time (cue points are placed on these).
    internal var segmentStartSeconds: [Double] {
        segments.map { Double($0.startTime - presentationTimeOffset) / Double(timescale) }
    }

    /// `EXT-X-TARGETDURATION`: the largest EXTINF rounded half-up, and at least 1.
    internal var targetDuration: Int {
        let longest = segmentMicroseconds.max() ?? 0
        return max(1, Int((longest + 500_000) / 1_000_000))
    }

    /// The longest segment in milliseconds, rounded up.
    internal var longestSegmentMilliseconds: Int64 {
        let longest = segments.map(\.duration).max() ?? 0
        return FixedPoint.roundedUp(longest, over: timescale, decimals: 3)
    }

    /// Whether every segment decodes completely without the one before (none starts with an
    /// open GOP): DASH `startWithSAP="1"`, otherwise 3.
    internal var segmentsAreIndependent: Bool {
        !segments.contains { $0.startsWithOpenGOP }
    }
}
