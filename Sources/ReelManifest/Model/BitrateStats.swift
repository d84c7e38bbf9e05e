/// Measured bit rates of one rendition, in bits per second.
public struct BitrateStats: Sendable, Equatable {
    /// Peak segment bit rate as RFC 8216 §4.3.4.2 defines it (HLS `BANDWIDTH`): the largest bit rate of
    /// any run of contiguous segments lasting 0.5 to 1.5 times the target duration, rounded up; the
    /// largest single-segment bit rate when no run qualifies.
    public var peak: Int
    /// Total bits over total duration, rounded (HLS `AVERAGE-BANDWIDTH`).
    public var average: Int
    /// The largest single-segment bit rate, rounded up (DASH `@bandwidth`).
    var maxSegment: Int

    /// Creates statistics from known values.
    /// - Parameters:
    ///   - peak: Peak bit rate (RFC 8216 definition).
    ///   - average: Average bit rate.
    ///   - maxSegment: Largest single-segment bit rate.
    init(peak: Int, average: Int, maxSegment: Int) {
        self.peak = peak
        self.average = average
        self.maxSegment = maxSegment
    }

    /// Measures a rendition. Init segments are not counted; segments of zero duration are skipped.
    /// The peak uses the durations the media playlist declares (EXTINF, microseconds) and its target
    /// duration, so it equals what a checker computes from the playlist.
    /// - Parameter rendition: The rendition's facts.
    public init(rendition: RenditionFacts) {
        let sizes = rendition.segments.map(\.byteSize)
        peak = Self.peak(
            sizes: sizes, microseconds: rendition.segmentMicroseconds,
            targetDuration: rendition.targetDuration)
        maxSegment = Self.largestRate(
            sizes: sizes, durations: rendition.segments.map(\.duration),
            timescale: rendition.timescale)
        let totalBits = 8 * Double(sizes.reduce(0, +))
        let totalSeconds = Double(rendition.segments.map(\.duration).reduce(0, +)) / Double(rendition.timescale)
        average = totalSeconds > 0 ? Int((totalBits / totalSeconds).rounded()) : 0
    }

    /// The bit rate of `bytes` over `duration` ticks, rounded up.
    /// - Parameters:
    ///   - bytes: Byte count.
    ///   - duration: A positive duration in `timescale` ticks.
    ///   - timescale: Ticks per second.
    /// - Returns: Bits per second, rounded up.
    internal static func rate(bytes: Int, duration: Int64, timescale: Int64) -> Int {
        Int(FixedPoint.roundedUp(8 * Int64(bytes) * timescale, over: duration, decimals: 0))
    }

    /// The largest single-segment bit rate.
    /// - Parameters:
    ///   - sizes: Bytes per segment.
    ///   - durations: Ticks per segment, parallel to `sizes`.
    ///   - timescale: Ticks per second.
    /// - Returns: Bits per second, rounded up; 0 without segments.
    internal static func largestRate(sizes: [Int], durations: [Int64], timescale: Int64) -> Int {
        zip(sizes, durations).filter { $0.1 > 0 }
            .map { rate(bytes: $0.0, duration: $0.1, timescale: timescale) }
            .max() ?? 0
    }

    private static func peak(sizes: [Int], microseconds: [Int64], targetDuration: Int) -> Int {
        let lower = Int64(targetDuration) * 500_000
        let upper = Int64(targetDuration) * 1_500_000
        var best = 0
        for start in sizes.indices {
            var bytes = 0
            var duration: Int64 = 0
            for end in start..<sizes.count {
                bytes += sizes[end]
                duration += microseconds[end]
                if duration > upper { break }
                if duration >= lower && duration > 0 {
                    best = max(best, rate(bytes: bytes, duration: duration, timescale: 1_000_000))
                }
            }
        }
        if best > 0 { return best }
        return largestRate(sizes: sizes, durations: microseconds, timescale: 1_000_000)
    }
}
