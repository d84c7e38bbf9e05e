import ReelManifest
import ReelMedia
import ReelOutput

/// Builds one video rung: filters (frame rate, scale, pixel format), encodes with forced IDRs at
/// every keyframe instant, and cuts fMP4 segments at the shared segment instants.
final class VideoRenditionWorker: @unchecked Sendable {
    let plan: PlannedRung
    let id: String
    let encoder: Encoder
    let queue: BoundedQueue<Frame>
    private let graph: FilterGraph
    private let muxer: SegmentMuxer
    private let recorder: SegmentRecorder
    private let reporter: ProgressReporter
    private let timing: SegmentTiming
    private let encoderTimeBase: Rational
    private var offsetTicks: Int64 = 0
    private var frameIndex: Int64 = 0
    private var currentSegment: Int64 = -1
    private var segmentStart: Int64?
    private var segmentEnd: Int64 = 0
    /// The latest filtered frame, held back one step so the last frame of the stream is known.
    private var pending: Frame?

    /// Timescale of the rendition's track.
    var timescale: Int64 { recorder.timescale }
    var segments: [SegmentFact] { recorder.segments }
    var codecs: String { encoder.codecString }

    let conversion: VideoConversion

    init(
        plan: PlannedRung, settings: VideoEncoderSettings, conversion: VideoConversion, timing: SegmentTiming,
        threads: Int, sourceTimeBase: Rational, sourceFrameRate: Rational, output: any MultiFileOutput,
        reporter: ProgressReporter
    ) throws {
        self.conversion = conversion
        self.plan = plan
        self.id = "v\(plan.rung.name)"
        self.reporter = reporter
        self.timing = timing
        let rate = Rational(plan.frameRate.numerator, plan.frameRate.denominator)
        encoderTimeBase = rate.inverted
        encoder = try Encoder(
            EncoderConfiguration.video(
                settings, plan: plan, conversion: conversion, timing: timing, timeBase: encoderTimeBase,
                threads: threads))
        let timescale = EncoderConfiguration.videoTimescale(for: rate)
        muxer = try SegmentMuxer(encoder: encoder, format: .fragmentedMP4, timescale: timescale)
        recorder = SegmentRecorder(
            renditionID: id, timescale: Int64(timescale), fileExtension: "m4s", contentType: .mp4Video,
            output: output, reporter: reporter)
        graph = FilterGraph(
            description: conversion.rungFilter(width: plan.width, height: plan.height, frameRate: rate),
            kind: .video, timeBase: sourceTimeBase, frameRate: sourceFrameRate)
        queue = BoundedQueue(capacity: 6)
    }

    /// Seconds by which presentation lags decoding at the start (B-frame reordering).
    var reorderDelaySeconds: Double {
        Double(encoder.reorderDelay) * Double(plan.frameRate.denominator) / Double(plan.frameRate.numerator)
    }

    /// Writes the init segment; `offset` is the package's presentation offset in seconds.
    func start(offset: Rational) throws {
        try recorder.writeInit(try muxer.header())
        offsetTicks = offset.numerator == 0 ? 0 : rescale(1, from: offset, to: muxer.timeBase)
    }

    /// The package's presentation offset in track ticks: where presentation time zero lies.
    var startOffset: Int64 { offsetTicks }

    /// Consumes frames until the queue ends, then drains the encoder and writes the last segment.
    func run(control: PipelineControl) throws {
        while let frame = queue.pop() {
            try graph.push(frame)
            try drainGraph()
        }
        if control.isStopped { return }
        try graph.push(nil)
        try drainGraph()
        if let last = pending {
            // The last frame is coded as an IDR, so it is also the last in decoding order: some
            // DASH clients drop a trailing B-frame that decodes after the final displayed frame.
            try encode(last, forceKeyframe: true)
            pending = nil
        }
        try handle(try encoder.encode(nil))
        let last = try muxer.finish()
        if let start = segmentStart, !last.isEmpty {
            try recorder.writeSegment(last, startTime: start, duration: segmentEnd - start, isLast: true)
        }
        reportProgress()
    }

    private func drainGraph() throws {
        while let frame = try graph.pull() {
            guard let pts = frame.pts else { continue }
            frame.pts = rescale(pts, from: graph.outputTimeBase, to: encoderTimeBase)
            if let previous = pending { try encode(previous, forceKeyframe: false) }
            pending = frame
        }
    }

    private func encode(_ frame: Frame, forceKeyframe: Bool) throws {
        let n = frame.pts ?? frameIndex
        let boundary = n == 0 || timing.keyframeIndex(frame: n, rate: plan.frameRate)
            != timing.keyframeIndex(frame: n - 1, rate: plan.frameRate)
        frame.requestKeyframe(boundary || forceKeyframe)
        frameIndex = n + 1
        try handle(try encoder.encode(frame))
        if n % 8 == 0 { reportProgress() }
    }

    private func handle(_ packets: [Packet]) throws {
        let tb = muxer.timeBase
        for packet in packets {
            guard let pts = packet.pts else { continue }
            let segment = timing.segmentIndex(frame: pts, rate: plan.frameRate)
            let start = rescale(pts, from: encoderTimeBase, to: tb) + offsetTicks
            let end = rescale(pts + max(packet.duration, 1), from: encoderTimeBase, to: tb) + offsetTicks
            if packet.isKeyframe && segment > currentSegment {
                if let previous = segmentStart {
                    try recorder.writeSegment(try muxer.cut(), startTime: previous, duration: start - previous)
                }
                currentSegment = segment
                segmentStart = start
            }
            segmentStart = min(segmentStart ?? start, start)
            segmentEnd = max(segmentEnd, end)
            try muxer.write(packet, offset: offsetTicks)
        }
    }

    private func reportProgress() {
        let outTime = Double(frameIndex) * Double(plan.frameRate.denominator) / Double(plan.frameRate.numerator)
        reporter.update(rendition: id, outTime: outTime, frames: Int(frameIndex), bytes: recorder.totalBytes)
    }
}
