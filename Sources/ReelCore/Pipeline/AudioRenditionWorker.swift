import ReelManifest
import ReelMedia
import ReelOutput

/// Builds one audio rendition: resamples to the rendition's rate and channels (filling gaps and
/// trimming overlaps so audio stays on the video's clock), encodes, and cuts segments at the
/// audio frame nearest each segment instant.
final class AudioRenditionWorker: @unchecked Sendable {
    let plan: JobPlan.AudioPlan
    let encoder: Encoder
    let queue = BoundedQueue<Frame>(capacity: 64)
    let output: SegmentedOutput
    private let graph: FilterGraph
    private let reporter: ProgressReporter
    private let timing: SegmentTiming
    private var currentSegment: Int64 = -1
    private var samples: Int64 = 0
    private var frames = 0

    var rendition: AudioRendition { plan.rendition }
    var id: String { plan.id }
    var codecs: String { encoder.codecString }

    /// - Parameters:
    ///   - plan: The rendition and the source stream it comes from.
    ///   - timing: Segment instants.
    ///   - containers: Segment containers to write.
    ///   - sourceTimeBase: Time base of the decoded frames.
    init(
        plan: JobPlan.AudioPlan, timing: SegmentTiming, containers: [SegmentContainer], sourceTimeBase: Rational,
        output: any MultiFileOutput, reporter: ProgressReporter
    ) throws {
        self.plan = plan
        self.timing = timing
        self.reporter = reporter
        let rendition = plan.rendition
        encoder = try Encoder(EncoderConfiguration.audio(rendition))
        self.output = try SegmentedOutput(
            encoder: encoder, id: plan.id, containers: containers, timescale: rendition.sampleRate,
            language: plan.stream.language, contentType: .mp4Audio, output: output, reporter: reporter)
        let layout = [1: "mono", 6: "5.1", 8: "7.1"][rendition.channels] ?? "stereo"
        graph = FilterGraph(
            description: "aresample=\(rendition.sampleRate):async=1:first_pts=0,"
                + "aformat=sample_fmts=fltp:sample_rates=\(rendition.sampleRate):channel_layouts=\(layout)",
            kind: .audio, timeBase: sourceTimeBase, audioFrameSize: encoder.frameSize)
    }

    /// Seconds of encoder priming before the first real sample.
    var primingSeconds: Double { Double(encoder.initialPadding) / Double(rendition.sampleRate) }

    func run(control: PipelineControl) throws {
        while let frame = queue.pop() {
            try graph.push(frame)
            try drainGraph()
        }
        if control.isStopped { return }
        try graph.push(nil)
        try drainGraph()
        try handle(try encoder.encode(nil))
        try output.finish()
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
        for packet in packets {
            guard let pts = packet.pts else { continue }
            // The audio frame nearest each segment instant starts the segment (within half a frame).
            let segment = timing.segmentIndex(sample: pts + max(packet.duration, 0) / 2, sampleRate: rendition.sampleRate)
            let starts = segment > currentSegment
            if starts { currentSegment = segment }
            try output.write(packet, startsSegment: starts)
        }
    }

    private func report() {
        reporter.update(
            rendition: id, outTime: Double(samples) / Double(rendition.sampleRate), frames: frames,
            bytes: output.totalBytes)
    }
}
