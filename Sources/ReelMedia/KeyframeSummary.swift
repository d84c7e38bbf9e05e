public import ReelManifest

/// The keyframes of one video stream: how many there are, where the first ones are and how far
/// apart they fall. Renditions encoded elsewhere can only be packaged together when their
/// keyframes line up; this is what shows whether they do.
///
/// Times are seconds from a chosen origin (`reel probe`: the source's first picture, the package's
/// time zero), rounded to the millisecond. The intervals are between consecutive keyframes in the order the container stores
/// them; the stretch after the last keyframe is not one.
public struct KeyframeSummary: Sendable, Codable, Equatable {
    /// How many keyframe times `firstTimes` lists at most by default.
    public static let listedTimes = 8

    /// Number of keyframes in the stream.
    public var count: Int
    /// The first keyframes' times (at most `listedTimes` by default), in the order read.
    public var firstTimes: [Double]
    /// Shortest interval between consecutive keyframes, nil with fewer than two keyframes.
    public var minInterval: Double?
    /// Median interval (the upper one for an even count, to the millisecond), nil with fewer
    /// than two keyframes.
    public var medianInterval: Double?
    /// Longest interval between consecutive keyframes, nil with fewer than two keyframes.
    public var maxInterval: Double?
    /// Whether every interval is the same (a fixed GOP). Timestamps rounded to the time base make
    /// equal intervals differ by one tick, so one tick is allowed when a tick is 2 ms or less (a
    /// millisecond clock, 90 kHz); a coarser time base (1/25, where a tick is a frame) must match
    /// exactly. False with fewer than two keyframes.
    public var isConstant: Bool

    public init(
        count: Int, firstTimes: [Double], minInterval: Double?, medianInterval: Double?, maxInterval: Double?,
        isConstant: Bool
    ) {
        self.count = count
        self.firstTimes = firstTimes
        self.minInterval = minInterval
        self.medianInterval = medianInterval
        self.maxInterval = maxInterval
        self.isConstant = isConstant
    }

    enum CodingKeys: String, CodingKey {
        case count
        case firstTimes = "first_times"
        case minInterval = "min_interval"
        case medianInterval = "median_interval"
        case maxInterval = "max_interval"
        case isConstant = "constant_interval"
    }
}

extension KeyframeSummary {
    /// Builds a summary from keyframe timestamps given one at a time, in bounded memory: running
    /// counts, the first few times, and the intervals as a histogram to the millisecond (a fixed
    /// GOP is one entry however long the stream), never every keyframe.
    public struct Builder: Sendable {
        /// The stream's time base (timestamps are in it).
        public let timeBase: Rational
        /// Time zero, in seconds of the source's timeline.
        public let origin: Double
        /// How many times to list.
        public let listed: Int

        private(set) var count = 0
        private var firstTimes: [Double] = []
        private var previous: Int64?
        private var minTicks: Int64?
        private var maxTicks: Int64?
        /// Interval in milliseconds → how many times it occurred.
        private var histogram: [Int64: Int] = [:]
        private var intervals = 0

        /// - Parameters:
        ///   - timeBase: The stream's time base.
        ///   - origin: Seconds of the source's timeline that count as time zero.
        ///   - listed: How many of the first keyframe times to keep.
        public init(timeBase: Rational, origin: Double = 0, listed: Int = KeyframeSummary.listedTimes) {
            self.timeBase = timeBase
            self.origin = origin
            self.listed = listed
        }

        /// Adds the next keyframe.
        /// - Parameter timestamp: Its presentation time in the stream's time base.
        public mutating func add(_ timestamp: Int64) {
            count += 1
            if firstTimes.count < listed {
                firstTimes.append(Self.milliseconds(Double(timestamp) * timeBase.value - origin))
            }
            if let previous {
                let ticks = timestamp - previous
                minTicks = Swift.min(minTicks ?? ticks, ticks)
                maxTicks = Swift.max(maxTicks ?? ticks, ticks)
                let key = Int64((Double(ticks) * timeBase.value * 1000).rounded())
                histogram[key, default: 0] += 1
                intervals += 1
            }
            previous = timestamp
        }

        /// The summary of the keyframes added so far.
        public var summary: KeyframeSummary {
            var median: Double?
            if intervals > 0 {
                var seen = 0
                for key in histogram.keys.sorted() {
                    seen += histogram[key]!
                    if seen > intervals / 2 {
                        median = Double(key) / 1000
                        break
                    }
                }
            }
            let seconds = { (ticks: Int64?) in ticks.map { Self.milliseconds(Double($0) * timeBase.value) } }
            return KeyframeSummary(
                count: count, firstTimes: firstTimes, minInterval: seconds(minTicks), medianInterval: median,
                maxInterval: seconds(maxTicks),
                isConstant: minTicks.map { maxTicks! - $0 <= (timeBase.value <= 0.002 ? 1 : 0) } ?? false)
        }

        private static func milliseconds(_ seconds: Double) -> Double {
            let rounded = (seconds * 1000).rounded() / 1000
            return rounded == 0 ? 0 : rounded  // no -0.0
        }
    }
}

extension Demuxer {
    /// Reads the rest of the source once, without decoding, and summarizes the keyframes of the
    /// given streams: a keyframe is a packet the demuxer flags as one, its time the packet's
    /// presentation timestamp (the decoding timestamp when that is missing). Every other stream
    /// is discarded for good (`discardAll(except:)`), so the demuxer is spent afterwards.
    /// - Parameters:
    ///   - streams: The stream indices to summarize (video streams).
    ///   - origin: Seconds of the source's timeline that count as time zero.
    ///   - listed: How many of the first keyframe times each summary lists.
    /// - Returns: One summary per requested stream (count 0 for a stream without keyframes).
    /// - Throws: The byte source's error or `MediaError` when reading fails; a source that ends
    ///   early with damaged data is summarized up to the damage.
    public func keyframeSummaries(
        streams: [Int], origin: Double, listed: Int = KeyframeSummary.listedTimes
    ) throws -> [Int: KeyframeSummary] {
        var builders: [Int: KeyframeSummary.Builder] = [:]
        for index in streams {
            builders[index] = KeyframeSummary.Builder(
                timeBase: self.streams[index].timeBase, origin: origin, listed: listed)
        }
        discardAll(except: Set(streams))
        while let packet = try read() {
            guard packet.isKeyframe, builders[packet.streamIndex] != nil,
                let timestamp = packet.pts ?? packet.dts
            else { continue }
            builders[packet.streamIndex]!.add(timestamp)
        }
        return builders.mapValues(\.summary)
    }
}
