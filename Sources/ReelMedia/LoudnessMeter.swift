import CFFmpeg
import Foundation
public import ReelManifest

/// A programme's loudness as ITU-R BS.1770-4 and EBU R 128 measure it.
public struct LoudnessMeasurement: Sendable, Equatable {
    /// Integrated (programme) loudness in LUFS (LKFS).
    public var integrated: Double
    /// The highest true peak of any channel in dBTP (4× oversampled, as BS.1770 says).
    public var truePeak: Double
    /// Loudness range (EBU Tech 3342) in LU.
    public var range: Double

    public init(integrated: Double, truePeak: Double, range: Double) {
        self.integrated = integrated
        self.truePeak = truePeak
        self.range = range
    }
}

/// Measures the loudness of audio frames with libavfilter's `ebur128` filter (`peak=true`), so
/// every figure is the one `ffmpeg -af ebur128=peak=true` prints.
///
/// ```swift
/// let meter = LoudnessMeter(timeBase: decoder.timeBase)
/// for frame in frames { try meter.add(frame) }
/// let loudness = try meter.finish()   // nil: silence, below the absolute gate
/// ```
/// The filter attaches its running figures to the frames it passes on (`lavfi.r128.I`,
/// `lavfi.r128.LRA`, `lavfi.r128.true_peaks_chN`) each time a 100 ms block completes; half a
/// second of silence after the last frame completes the last block (silence lies below the
/// gates, so it changes neither the integrated loudness nor the range).
public final class LoudnessMeter: @unchecked Sendable {
    private let graph: FilterGraph
    private var integrated: Double?
    private var range = 0.0
    private var peak = 0.0
    private var finished = false

    /// - Parameter timeBase: The time base of the frames' timestamps.
    public init(timeBase: Rational) {
        graph = FilterGraph(
            description: "apad=pad_dur=0.5,ebur128=peak=true:metadata=1", kind: .audio, timeBase: timeBase)
    }

    /// Measures one frame (any sample format, rate and layout; the graph converts).
    public func add(_ frame: Frame) throws {
        guard !finished else { throw MediaError(.other, "loudness meter", "already finished") }
        try graph.push(frame)
        try drain()
    }

    /// Ends the measurement.
    /// - Returns: The programme's loudness; nil when nothing lay above the absolute gate
    ///   (−70 LUFS): silence, or no audio at all.
    public func finish() throws -> LoudnessMeasurement? {
        if !finished {
            finished = true
            try graph.push(nil)
            try drain()
        }
        guard let integrated, integrated > -69.95, peak > 0 else { return nil }
        return LoudnessMeasurement(integrated: integrated, truePeak: 20 * log10(peak), range: range)
    }

    private func drain() throws {
        while let frame = try graph.pull() {
            let metadata = frame.pointer.pointee.metadata
            if let value = Self.number(metadata, "lavfi.r128.I") { integrated = value }
            if let value = Self.number(metadata, "lavfi.r128.LRA") { range = value }
            var channel = 0
            while let value = Self.number(metadata, "lavfi.r128.true_peaks_ch\(channel)") {
                peak = max(peak, value)
                channel += 1
            }
        }
    }

    private static func number(_ dictionary: OpaquePointer?, _ key: String) -> Double? {
        guard let entry = av_dict_get(dictionary, key, nil, 0), let value = entry.pointee.value else { return nil }
        return Double(String(cString: value))
    }
}
