import ReelManifest
import ReelMedia
import ReelOutput

/// Builds one video rung: filters (frame rate, scale, pixel format), encodes with forced IDRs at
/// every keyframe instant, and cuts segments at the shared segment instants.
final class VideoRenditionWorker: @unchecked Sendable {
    let plan: PlannedRung
    let id: String
    let encoder: Encoder
    let conversion: VideoConversion
    let queue = BoundedQueue<Frame>(capacity: 4)
    let output: SegmentedOutput
    private let graph: FilterGraph
    private let reporter: ProgressReporter
    private let timing: SegmentTiming
    private let encoderTimeBase: Rational
    private var frameIndex: Int64 = 0
    private var currentSegment: Int64 = -1
    /// The latest filtered frame, held back one step so the last frame of the stream is known.
    private var pending: Frame?
    /// Whether closed-caption data on the frames is written into the bitstream.
    let keepsCaptions: Bool
    /// Frames encoded with closed-caption data.
    private(set) var captionFrames = 0

    /// Whether the rendition carries CEA-608/708 captions.
    var carriesCaptions: Bool { keepsCaptions && captionFrames > 0 }

    var codecs: String { encoder.codecString }

    /// - Parameters:
    ///   - plan: The rung with its size and frame rate.
    ///   - settings: The ladder's video settings.
    ///   - conversion: Pixel format and colour of the output.
    ///   - timing: Keyframe and segment instants.
    ///   - threads: Encoder threads when the ladder leaves them to Reel.
    ///   - containers: Segment containers to write.
    ///   - sourceTimeBase: Time base of the frames that arrive.
    ///   - sourceFrameRate: Frame rate hint of the source.
    ///   - keepsCaptions: Whether to write the frames' closed-caption data into the bitstream.
    init(
        plan: PlannedRung, settings: VideoEncoderSettings, conversion: VideoConversion, timing: SegmentTiming,
        threads: Int, containers: [SegmentContainer], sourceTimeBase: Rational, sourceFrameRate: Rational,
        keepsCaptions: Bool = false, output: any MultiFileOutput, reporter: ProgressReporter
    ) throws {
        self.plan = plan
        self.keepsCaptions = keepsCaptions
        self.id = "v\(plan.rung.name)"
        self.conversion = conversion
        self.reporter = reporter
        self.timing = timing
        let rate = Rational(plan.frameRate.numerator, plan.frameRate.denominator)
        encoderTimeBase = rate.inverted
        encoder = try Encoder(
            EncoderConfiguration.video(
                settings, plan: plan, conversion: conversion, timing: timing, timeBase: encoderTimeBase,
                threads: threads, keepsCaptions: keepsCaptions))
        self.output = try SegmentedOutput(
            encoder: encoder, id: id, containers: containers, timescale: EncoderConfiguration.videoTimescale(for: rate),
            language: nil, contentType: .mp4Video, output: output, reporter: reporter)
        graph = FilterGraph(
            description: conversion.rungFilter(width: plan.width, height: plan.height, frameRate: rate),
            kind: .video, timeBase: sourceTimeBase, frameRate: sourceFrameRate)
    }

    /// Seconds by which presentation lags decoding at the start (B-frame reordering).
    var reorderDelaySeconds: Double {
        Double(encoder.reorderDelay) * Double(plan.frameRate.denominator) / Double(plan.frameRate.numerator)
    }

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
        try output.finish()
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
        let boundary =
            n == 0
            || timing.keyframeIndex(frame: n, rate: plan.frameRate)
                != timing.keyframeIndex(frame: n - 1, rate: plan.frameRate)
        frame.requestKeyframe(boundary || forceKeyframe)
        if keepsCaptions && frame.hasClosedCaptions { captionFrames += 1 }
        frameIndex = n + 1
        try handle(try encoder.encode(frame))
        if n % 8 == 0 { reportProgress() }
    }

    private func handle(_ packets: [Packet]) throws {
        for packet in packets {
            guard let pts = packet.pts else { continue }
            let segment = timing.segmentIndex(frame: pts, rate: plan.frameRate)
            let starts = packet.isKeyframe && segment > currentSegment
            if starts { currentSegment = segment }
            try output.write(packet, startsSegment: starts)
        }
    }

    private func reportProgress() {
        let outTime = Double(frameIndex) * Double(plan.frameRate.denominator) / Double(plan.frameRate.numerator)
        reporter.update(rendition: id, outTime: outTime, frames: Int(frameIndex), bytes: output.totalBytes)
    }
}
