/// Gathers one rendition's per-picture measurements into its segments as they are written, so
/// only the pictures of the segments still open are held.
///
/// Pictures are placed by presentation time: a picture at `t` belongs to the segment with
/// `start ≤ t < start + duration` (segments are heard of in order; a picture may come before or
/// after its segment is). What no segment claims when the report is made joins the nearest one.
///
/// ```swift
/// var measurement = RenditionMeasurement()
/// measurement.add(time: 0.0, mse: 3.1, ssim: 0.98, peak: 255)
/// measurement.addSegment(number: 1, start: 0, duration: 6, bytes: 2_178_085)
/// measurement.segments     // [SegmentQuality(number: 1, …, psnr: 43.2, …)]
/// ```
public struct RenditionMeasurement: Sendable {
    private struct Segment {
        var number: Int
        var start: Double
        var duration: Double
        var bytes: Int
        var statistics = QualityStatistics()

        var end: Double { start + duration }
    }

    /// Every picture measured.
    public private(set) var overall = QualityStatistics()
    private var closed: [Segment] = []
    private var pending: [(time: Double, mse: Double, ssim: Double, peak: Double)] = []
    /// Half a microsecond: times within it of a boundary count as on it.
    private static let tolerance = 5e-7

    /// Nothing measured yet.
    public init() {}

    /// Adds one picture.
    /// - Parameters:
    ///   - time: Its presentation time in seconds (0 = the first picture).
    ///   - mse: Its mean squared error (planes weighted by sample count).
    ///   - ssim: Its SSIM.
    ///   - peak: The largest sample value.
    public mutating func add(time: Double, mse: Double, ssim: Double, peak: Double) {
        overall.add(mse: mse, ssim: ssim, peak: peak)
        if let last = closed.last, time < last.end - Self.tolerance {
            let index = closed.lastIndex { $0.start <= time + Self.tolerance } ?? 0
            closed[index].statistics.add(mse: mse, ssim: ssim, peak: peak)
            return
        }
        pending.append((time, mse, ssim, peak))
    }

    /// A segment was written: the pictures held that fall before its end are its own.
    /// - Parameters:
    ///   - number: Its number, from 1.
    ///   - start: Presentation start in seconds.
    ///   - duration: Seconds.
    ///   - bytes: Its size.
    public mutating func addSegment(number: Int, start: Double, duration: Double, bytes: Int) {
        var segment = Segment(number: number, start: start, duration: duration, bytes: bytes)
        let end = segment.end - Self.tolerance
        var kept: [(time: Double, mse: Double, ssim: Double, peak: Double)] = []
        for picture in pending {
            if picture.time < end {
                segment.statistics.add(mse: picture.mse, ssim: picture.ssim, peak: picture.peak)
            } else {
                kept.append(picture)
            }
        }
        pending = kept
        closed.append(segment)
    }

    /// The segments with their figures, the pictures no segment claimed in the last one. A
    /// segment without pictures (none measured) reports 0 frames and the rendition's figures.
    public var segments: [SegmentQuality] {
        var all = closed
        if !pending.isEmpty, !all.isEmpty {
            for picture in pending {
                all[all.count - 1].statistics.add(mse: picture.mse, ssim: picture.ssim, peak: picture.peak)
            }
        }
        return all.map { segment in
            let stats = segment.statistics.frames > 0 ? segment.statistics : overall
            return SegmentQuality(
                number: segment.number, start: Self.round(segment.start, 6), duration: Self.round(segment.duration, 6),
                bytes: segment.bytes,
                bitrate: segment.duration > 0 ? Int((8 * Double(segment.bytes) / segment.duration).rounded()) : 0,
                frames: segment.statistics.frames, psnr: Self.round(stats.psnr ?? 0, 3),
                psnrMin: Self.round(stats.minPSNR ?? 0, 3), ssim: Self.round(stats.ssim ?? 0, 6),
                ssimMin: Self.round(stats.minSSIM ?? 0, 6))
        }
    }

    /// The measured bit rate: every segment's bytes over their total duration, bits per second.
    public var bitrate: Int {
        let seconds = closed.reduce(0) { $0 + $1.duration }
        guard seconds > 0 else { return 0 }
        return Int((8 * Double(closed.reduce(0) { $0 + $1.bytes }) / seconds).rounded())
    }

    /// The rendition's entry in the report.
    /// - Parameters:
    ///   - id: Its name.
    ///   - width: Picture width.
    ///   - height: Picture height.
    ///   - codecs: RFC 6381 codecs.
    ///   - frameRate: Frames per second.
    ///   - bandwidth: The declared peak bit rate.
    ///   - averageBandwidth: The declared average bit rate.
    /// - Returns: The entry, or nil when no picture was measured.
    public func rendition(
        id: String, width: Int, height: Int, codecs: String? = nil, frameRate: Double? = nil, bandwidth: Int? = nil,
        averageBandwidth: Int? = nil
    ) -> RenditionQuality? {
        guard let psnr = overall.psnr, let minPSNR = overall.minPSNR, let ssim = overall.ssim,
            let minSSIM = overall.minSSIM
        else { return nil }
        return RenditionQuality(
            id: id, width: width, height: height, codecs: codecs, frameRate: frameRate.map { Self.round($0, 3) },
            bandwidth: bandwidth, averageBandwidth: averageBandwidth, bitrate: bitrate, frames: overall.frames,
            psnr: MetricSummary(mean: Self.round(psnr, 3), min: Self.round(minPSNR, 3)),
            ssim: MetricSummary(mean: Self.round(ssim, 6), min: Self.round(minSSIM, 6)), segments: segments)
    }

    /// `value` rounded to `decimals` places, so the JSON shows what the measurement can tell.
    static func round(_ value: Double, _ decimals: Int) -> Double {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
