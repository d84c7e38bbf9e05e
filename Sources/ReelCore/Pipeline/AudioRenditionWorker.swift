import ReelManifest
import ReelMedia
import ReelOutput

/// Builds one audio rendition: resamples to the rendition's rate and channels (filling gaps and
/// trimming overlaps so audio stays on the video's clock), encodes, and cuts segments at the
/// audio frame nearest each segment instant. With video in the package, audio follows the decoded
/// video and ends where it ends: trimmed when longer, padded with silence when shorter.
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
    private let videoClock: VideoClock?
    /// Filtered frames waiting for the video to catch up.
    private var pending: [Frame] = []

    var rendition: AudioRendition { plan.rendition }
    var id: String { plan.id }
    var codecs: String { encoder.codecString }

    /// - Parameters:
    ///   - plan: The rendition and the source stream it comes from.
    ///   - timing: Segment instants.
    ///   - containers: Segment containers to write.
    ///   - sourceTimeBase: Time base of the decoded frames.
    ///   - videoClock: The decoded video's progress and end; nil for audio-only packages.
    init(
        plan: JobPlan.AudioPlan, timing: SegmentTiming, containers: [SegmentContainer], sourceTimeBase: Rational,
        videoClock: VideoClock?, output: any MultiFileOutput, reporter: ProgressReporter
    ) throws {
        self.plan = plan
        self.videoClock = videoClock
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
            try encodePending(upTo: videoClock?.decoded ?? .infinity)
        }
        if control.isStopped { return }
        try graph.push(nil)
        try drainGraph()
        let end = videoClock.map { $0.finalEnd ?? $0.decoded } ?? .infinity
        try encodePending(upTo: end)
        pending.removeAll()
        try padWithSilence(to: end)
        try handle(try encoder.encode(nil))
        try output.finish()
        report()
    }

    private func drainGraph() throws {
        let encoderTimeBase = encoder.settings.timeBase
        while let frame = try graph.pull() {
            if let pts = frame.pts { frame.pts = rescale(pts, from: graph.outputTimeBase, to: encoderTimeBase) }
            pending.append(frame)
        }
    }

    /// Encodes the waiting frames that start before `limit` seconds.
    private func encodePending(upTo limit: Double) throws {
        let rate = Double(rendition.sampleRate)
        var taken = 0
        for frame in pending {
            let start = Double(frame.pts ?? samples) / rate
            guard start < limit else { break }
            try encode(frame)
            taken += 1
        }
        pending.removeFirst(taken)
    }

    /// Adds silence until the rendition reaches `end` seconds.
    private func padWithSilence(to end: Double) throws {
        guard end.isFinite, let model = lastFrame else { return }
        let target = Int64((end * Double(rendition.sampleRate)).rounded(.up))
        let size = max(encoder.frameSize, 1)
        while samples < target, let silence = model.silence(samples: size) {
            silence.pts = samples
            try encode(silence)
        }
    }

    private var lastFrame: Frame?

    private func encode(_ frame: Frame) throws {
        samples = (frame.pts ?? samples) + Int64(frame.sampleCount)
        frames += 1
        lastFrame = frame
        try handle(try encoder.encode(frame))
        if frames % 50 == 0 { report() }
    }

    private func handle(_ packets: [Packet]) throws {
        for packet in packets {
            guard let pts = packet.pts else { continue }
            // The encoder gives the last packet of a stream that ends inside a frame (audio-only sources)
            // the duration of its real samples; decoders still play the whole frame, its tail silent. The
            // container and the manifests count the whole frame, as every player and demuxer measures it.
            if encoder.frameSize > 0 && packet.duration > 0 && packet.duration < Int64(encoder.frameSize) {
                packet.duration = Int64(encoder.frameSize)
            }
            // The audio frame nearest each segment instant starts the segment (within half a frame).
            let segment = timing.segmentIndex(
                sample: pts + max(packet.duration, 0) / 2, sampleRate: rendition.sampleRate)
            // Encoder delay carries the last frames past the video's end: frames that close to the
            // end stay in the last segment (as a video tail that short would), rather than starting
            // a segment the video does not have.
            let pastVideo =
                videoClock?.finalEnd.map {
                    Double(pts) / Double(rendition.sampleRate) >= $0 - SegmentRecorder.tailMerge
                } ?? false
            let starts = segment > currentSegment && !pastVideo
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
