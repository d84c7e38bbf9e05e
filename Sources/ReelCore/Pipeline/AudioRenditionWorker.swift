import ReelManifest
import ReelMedia
import ReelOutput

/// Builds one audio rendition: resamples to the rendition's rate and channels (filling gaps and
/// trimming overlaps so audio stays on the video's clock), encodes, and cuts fMP4 segments at
/// the first audio frame of each segment instant.
final class AudioRenditionWorker: @unchecked Sendable {
    let plan: JobPlan.AudioPlan
    var rendition: AudioRendition { plan.rendition }
    var id: String { plan.id }
    let encoder: Encoder
    let queue: BoundedQueue<Frame>
    private let graph: FilterGraph
    private let muxer: SegmentMuxer
    private let recorder: SegmentRecorder
    private let reporter: ProgressReporter
    private let timing: SegmentTiming
    private var offsetTicks: Int64 = 0
    private var currentSegment: Int64 = -1
    private var segmentStart: Int64?
    private var segmentEnd: Int64 = 0
    private var samples: Int64 = 0
    private var frames = 0

    var timescale: Int64 { recorder.timescale }
    var segments: [SegmentFact] { recorder.segments }
    var codecs: String { encoder.codecString }

    init(
        plan: JobPlan.AudioPlan, timing: SegmentTiming, sourceTimeBase: Rational, output: any MultiFileOutput,
        reporter: ProgressReporter
    ) throws {
        self.plan = plan
        let rendition = plan.rendition
        let id = plan.id
        self.timing = timing
        self.reporter = reporter
        encoder = try Encoder(EncoderConfiguration.audio(rendition))
        muxer = try SegmentMuxer(
            encoder: encoder, format: .fragmentedMP4, timescale: rendition.sampleRate,
            language: plan.stream.language)
        recorder = SegmentRecorder(
            renditionID: id, timescale: Int64(rendition.sampleRate), fileExtension: "m4s", contentType: .mp4Audio,
            output: output, reporter: reporter)
        let layout = rendition.channels == 1 ? "mono" : rendition.channels == 6 ? "5.1" : rendition.channels == 8 ? "7.1" : "stereo"
        graph = FilterGraph(
            description: "aresample=\(rendition.sampleRate):async=1:first_pts=0,"
                + "aformat=sample_fmts=fltp:sample_rates=\(rendition.sampleRate):channel_layouts=\(layout)",
            kind: .audio, timeBase: sourceTimeBase, audioFrameSize: encoder.frameSize)
        queue = BoundedQueue(capacity: 64)
    }

    /// Seconds of encoder priming before the first real sample.
    var primingSeconds: Double { Double(encoder.initialPadding) / Double(rendition.sampleRate) }

    /// Writes the init segment; `offset` is the package's presentation offset in seconds.
    func start(offset: Rational) throws {
        try recorder.writeInit(try muxer.header())
        offsetTicks = offset.numerator == 0 ? 0 : rescale(1, from: offset, to: muxer.timeBase)
    }

    /// The package's presentation offset in track ticks: where presentation time zero lies.
    var startOffset: Int64 { offsetTicks }

    func run(control: PipelineControl) throws {
        while let frame = queue.pop() {
            try graph.push(frame)
            try drainGraph()
        }
        if control.isStopped { return }
        try graph.push(nil)
        try drainGraph()
        try handle(try encoder.encode(nil))
        let last = try muxer.finish()
        if let start = segmentStart, !last.isEmpty {
            try recorder.writeSegment(last, startTime: start, duration: segmentEnd - start, isLast: true)
        }
        report()
    }

    private func drainGraph() throws {
        let encoderTimeBase = encoder.settings.timeBase
        while let frame = try graph.pull() {
            if let pts = frame.pts { frame.pts = rescale(pts, from: graph.outputTimeBase, to: encoderTimeBase) }
            samples = (frame.pts ?? samples) + Int64(frame.sampleCount)
            frames += 1
            try handle(try encoder.encode(frame))
            if frames % 50 == 0 { report() }
        }
    }

    private func handle(_ packets: [Packet]) throws {
        let tb = muxer.timeBase
        let encoderTimeBase = encoder.settings.timeBase
        for packet in packets {
            guard let pts = packet.pts else { continue }
            // The audio frame nearest each segment instant starts the segment (within half a frame).
            let segment = timing.segmentIndex(sample: pts + max(packet.duration, 0) / 2, sampleRate: rendition.sampleRate)
            let start = rescale(pts, from: encoderTimeBase, to: tb) + offsetTicks
            let end = rescale(pts + packet.duration, from: encoderTimeBase, to: tb) + offsetTicks
            if segment > currentSegment {
                if let previous = segmentStart {
                    try recorder.writeSegment(try muxer.cut(), startTime: previous, duration: start - previous)
                }
                currentSegment = segment
                segmentStart = start
            }
            segmentEnd = max(segmentEnd, end)
            try muxer.write(packet, offset: offsetTicks)
        }
    }

    private func report() {
        reporter.update(
            rendition: id, outTime: Double(samples) / Double(rendition.sampleRate), frames: frames,
            bytes: recorder.totalBytes)
    }
}
