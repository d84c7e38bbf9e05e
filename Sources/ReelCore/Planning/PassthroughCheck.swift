import Foundation
import ReelManifest
import ReelMedia

/// Decides whether the source's video can stand in for a `passthrough: auto` rung as it is,
/// copied bit for bit instead of encoded.
///
/// The source fits the rung when:
/// - its codec is the ladder's, its profile no higher than the rung's (and its bit depth the
///   rung's pixel format), its level no higher than the rung's when one is set;
/// - it needs no conversion (progressive, unrotated, square pixels, colour as the rung encodes
///   it) and has the rung's size and frame rate, at a constant rate;
/// - its average bitrate is within the rung's cap (`maxrate`, else `bitrate`) and no segment
///   carries more than twice the cap;
/// - it has a keyframe that starts a closed GOP at every segment instant of the ladder, so the
///   copy cuts where the encoded rungs cut.
///
/// The header checks cost nothing; the last two read the video's packets once (`scan`).
struct PassthroughCheck {
    /// A rung the source's video is copied into.
    struct Copy {
        /// The rung's position in the plan's rungs.
        let rungIndex: Int
        /// The source's video stream and its parameters, as the copy's muxers need them.
        let stream: StreamInfo
        let codec: CodecParameters
        /// Seconds by which the first packet's decoding precedes its presentation (B-frames).
        let reorderDelay: Double
        /// The source's keyframe instants, in presentation seconds, ascending: the other rungs
        /// force an IDR at each, so every rung stays aligned with the copy.
        let keyframeTimes: [Double]
    }

    /// The outcome for the ladder's passthrough rung.
    enum Outcome {
        /// The source is copied into the rung.
        case copy(Copy)
        /// The rung is encoded; the reason says what did not fit.
        case encode(rung: String, reason: String)
    }

    let plan: RenditionPlan
    let timing: SegmentTiming
    /// Presentation time zero on the source's timeline, in seconds.
    let zero: Double

    /// Decides for the plan's passthrough rung.
    /// - Parameter openScan: Opens a second reader of the source for the packet scan.
    /// - Returns: nil when no rung asks for passthrough.
    func decide(openScan: () throws -> Demuxer) throws -> Outcome? {
        guard let rungIndex = plan.rungs.firstIndex(where: { $0.rung.passthrough == .auto }),
            let stream = plan.videoDecoder?.stream, let conversion = plan.conversion
        else { return nil }
        let rung = plan.rungs[rungIndex]
        let id = "v\(rung.rung.name)"
        if let reason = headerMismatch(stream: stream, rung: rung, conversion: conversion) {
            return .encode(rung: id, reason: reason)
        }
        let demuxer = try openScan()
        let scan = try Scan(demuxer: demuxer, stream: stream, zero: zero, rate: rung.frameRate, timing: timing)
        if let reason = scan.mismatch(rung: rung, timing: timing) { return .encode(rung: id, reason: reason) }
        let codec = try CodecParameters(demuxer: demuxer, stream: stream.index)
        return .copy(
            Copy(
                rungIndex: rungIndex, stream: stream, codec: codec, reorderDelay: scan.reorderDelay,
                keyframeTimes: scan.keyframeTimes))
    }

    /// What the stream's headers say against the rung, nil when they fit.
    private func headerMismatch(stream: StreamInfo, rung: PlannedRung, conversion: VideoConversion) -> String? {
        let settings = plan.videoSettings
        guard stream.codecName == settings.codec.rawValue else {
            return "the source is \(stream.codecName), the ladder encodes \(settings.codec.rawValue)"
        }
        let profile = rung.rung.profile ?? settings.profile
        if let profile, let wanted = Self.profileRank(profile) {
            guard let name = stream.profile, let rank = Self.profileRank(name), rank <= wanted else {
                return "the source's profile (\(stream.profile ?? "unknown")) is above the rung's (\(profile))"
            }
        }
        if let level = rung.rung.level ?? settings.level, let wanted = Self.levelCode(level, codec: settings.codec) {
            guard let coded = stream.level, coded <= wanted else {
                return
                    "the source's level (\(stream.level.map { Self.levelName($0, codec: settings.codec) } ?? "unknown")) "
                    + "is above the rung's (\(level))"
            }
        }
        guard stream.pixelFormat == conversion.pixelFormat else {
            return "the source's pixels are \(stream.pixelFormat ?? "unknown"), the rung's \(conversion.pixelFormat)"
        }
        guard conversion.sharedFilter == nil, !conversion.convertsColour else {
            let steps = conversion.steps.isEmpty ? "colour conversion" : conversion.steps.joined(separator: ", ")
            return "the source needs converting (\(steps))"
        }
        let sar = stream.sampleAspectRatio
        guard !sar.isValid || sar.numerator == sar.denominator else {
            return "the source's pixels are not square (\(sar.numerator):\(sar.denominator))"
        }
        guard rung.width == stream.width && rung.height == stream.height else {
            return "the source is \(stream.width)x\(stream.height), the rung \(rung.width)x\(rung.height)"
        }
        let source = plan.sourceFrameRate
        guard !plan.retimeVideo, rung.frameRate.hasSameValue(as: source) else {
            return "the rung's frame rate (\(Self.format(rung.frameRate.value)) fps) is not the source's"
        }
        return nil
    }

    /// The ladder's profiles in the order each includes the one before (8-bit first).
    private static func profileRank(_ name: String) -> Int? {
        switch name.lowercased() {
        case "baseline", "constrained baseline": 0
        case "main": 1
        case "high", "progressive high", "constrained high": 2
        case "high10", "high 10", "main10", "main 10": 3
        default: nil
        }
    }

    /// A level as the bitstream codes it: H.264 ten times the level (`1b` is 9), HEVC thirty times.
    private static func levelCode(_ level: String, codec: VideoCodec) -> Int? {
        if level == "1b" { return 9 }
        guard let value = Double(level) else { return nil }
        return Int((value * (codec == .h264 ? 10 : 30)).rounded())
    }

    private static func levelName(_ code: Int, codec: VideoCodec) -> String {
        format(Double(code) / (codec == .h264 ? 10 : 30))
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.3g", value)
    }
}

extension PassthroughCheck {
    /// One pass over the source's video packets (decode order). It keeps the keyframe instants
    /// (a few per segment) and a byte count per segment, nothing per packet.
    struct Scan {
        private(set) var keyframeTimes: [Double] = []
        private(set) var reorderDelay = 0.0
        /// Frame numbers of keyframes that start a closed GOP.
        private var closedKeyframes = Set<Int64>()
        private var firstProblem: String?
        private var frames: Int64 = 0
        private var firstFrame = Int64.max
        private var lastFrame: Int64 = -1
        private var bytes = 0
        /// Bytes per segment of the ladder's grid.
        private var segmentBytes: [Int64: Int] = [:]
        private let rate: Rational

        init(demuxer: Demuxer, stream: StreamInfo, zero: Double, rate: Rational, timing: SegmentTiming) throws {
            self.rate = rate
            demuxer.discardAll(except: [stream.index])
            let tb = stream.timeBase
            let zeroTicks = Int64((zero / tb.value).rounded())
            let frameTicks = 1 / (rate.value * tb.value)
            /// The latest keyframe, while no picture decoded after it is shown before it.
            var closedSoFar: Int64?
            var first = true
            while let packet = try demuxer.read() {
                guard packet.streamIndex == stream.index, let pts = packet.pts ?? packet.dts else { continue }
                let ticks = Double(pts - zeroTicks)
                let frame = Int64((ticks / frameTicks).rounded())
                if first {
                    first = false
                    if !packet.isKeyframe { note("the source's first picture is not a keyframe") }
                    if let dts = packet.dts { reorderDelay = max(0, Double(pts - dts) * tb.value) }
                }
                if abs(ticks - Double(frame) * frameTicks) > frameTicks / 4 {
                    note(
                        "the source's frame rate is not constant (a picture at "
                            + "\(PassthroughCheck.format(ticks * tb.value)) s is off the "
                            + "\(PassthroughCheck.format(rate.value)) fps grid)")
                }
                if packet.isKeyframe {
                    if let closed = closedSoFar { closedKeyframes.insert(closed) }
                    closedSoFar = frame
                    keyframeTimes.append(Double(frame) * Double(rate.denominator) / Double(rate.numerator))
                } else if let key = closedSoFar, frame < key {
                    // Shown before the keyframe but decoded after it: the keyframe opens an open GOP.
                    closedSoFar = nil
                }
                frames += 1
                firstFrame = min(firstFrame, frame)
                lastFrame = max(lastFrame, frame)
                bytes += packet.size
                segmentBytes[timing.segmentIndex(frame: max(frame, 0), rate: rate), default: 0] += packet.size
            }
            if let closed = closedSoFar { closedKeyframes.insert(closed) }
        }

        private mutating func note(_ problem: String) {
            if firstProblem == nil { firstProblem = problem }
        }

        /// What does not fit the rung, nil when the source fits.
        func mismatch(rung: PlannedRung, timing: SegmentTiming) -> String? {
            if let firstProblem { return firstProblem }
            guard frames > 0 else { return "the source has no video packets" }
            guard frames == lastFrame - firstFrame + 1 else {
                return "the source's frame rate is not constant (\(frames) pictures in \(lastFrame - firstFrame + 1) "
                    + "frame slots)"
            }
            // A segment starts at each frame whose segment index differs from the frame before's
            // (what the encoded rungs' chunkers do, cue points included): a closed-GOP keyframe.
            let start = max(firstFrame, 0)
            var previous = timing.segmentIndex(frame: start, rate: rate)
            for frame in stride(from: start + 1, through: lastFrame, by: 1) {
                let segment = timing.segmentIndex(frame: frame, rate: rate)
                defer { previous = segment }
                guard segment != previous, !closedKeyframes.contains(frame) else { continue }
                let seconds = PassthroughCheck.format(Double(frame) * Double(rate.denominator) / Double(rate.numerator))
                return "the source has no keyframe starting a closed GOP at \(seconds) s, where a segment starts"
            }
            let cap = rung.rung.maxrate ?? rung.rung.bitrate
            let duration = Double(lastFrame + 1) * Double(rate.denominator) / Double(rate.numerator)
            let average = Int(Double(bytes) * 8 / duration)
            guard average <= cap else {
                let rate = Bitrate.format(average / 1000 * 1000)
                return "the source's bitrate (\(rate)) is above the rung's cap (\(Bitrate.format(cap)))"
            }
            let segmentSeconds = Double(timing.segmentMilliseconds) / 1000
            let fullSegments = Int64(duration / segmentSeconds)
            if let peak = segmentBytes.filter({ $0.key < fullSegments }).values.max() {
                let peakRate = Int(Double(peak) * 8 / segmentSeconds)
                guard peakRate <= 2 * cap else {
                    let rate = Bitrate.format(peakRate / 1000 * 1000)
                    return "a segment of the source peaks at \(rate), more than twice the rung's cap "
                        + "(\(Bitrate.format(cap)))"
                }
            }
            return nil
        }
    }
}
