import ReelMedia

/// Encodes one audio rendition and hands the packets on. With video in the package, audio
/// follows the decoded video (`VideoClock`) and ends where it ends: frames past its end are
/// dropped, and silence fills up to it when the audio is shorter.
final class AudioEncoderStage: MediaHandler {
    let plan: AudioRenditionPlan
    let encoder: Encoder
    private let videoClock: VideoClock?
    private let reporter: ProgressReporter
    private let next: any MediaHandler<Packet>
    private var samples: Int64 = 0
    private var frames = 0
    /// Frames waiting for the video to catch up.
    private var pending: [Frame] = []
    /// The last frame encoded: the model for silence.
    private var lastFrame: Frame?
    /// Measures what the encoder is given, when the rendition has a loudness target.
    var outputMeter: LoudnessMeter?
    /// The loudness of what was encoded (nil without a meter, or for silence), once flushed.
    private(set) var outputLoudness: LoudnessMeasurement?

    /// - Parameters:
    ///   - plan: The rendition and the source stream it comes from.
    ///   - encoder: The rendition's encoder (time base: one tick per sample).
    ///   - videoClock: The decoded video's progress and end; nil for audio-only packages.
    ///   - reporter: Receives the rendition's progress.
    ///   - next: The step that receives the packets.
    init(
        plan: AudioRenditionPlan, encoder: Encoder, videoClock: VideoClock?, reporter: ProgressReporter,
        next: any MediaHandler<Packet>
    ) {
        self.plan = plan
        self.encoder = encoder
        self.videoClock = videoClock
        self.reporter = reporter
        self.next = next
    }

    var id: String { plan.id }
    private var sampleRate: Int { plan.rendition.sampleRate }

    /// Seconds of encoder priming before the first real sample.
    var primingSeconds: Double { Double(encoder.initialPadding) / Double(sampleRate) }

    func process(_ frame: Frame) throws {
        pending.append(frame)
        try encodePending(upTo: videoClock?.decoded ?? .infinity)
    }

    func flush() throws {
        let end = videoClock.map { $0.finalEnd ?? $0.decoded } ?? .infinity
        try encodePending(upTo: end)
        pending.removeAll()
        try padWithSilence(to: end)
        try forward(try encoder.encode(nil))
        outputLoudness = try outputMeter?.finish()
        report()
        try next.flush()
    }

    /// Encodes the waiting frames that start before `limit` seconds.
    private func encodePending(upTo limit: Double) throws {
        var taken = 0
        for frame in pending {
            let start = Double(frame.pts ?? samples) / Double(sampleRate)
            guard start < limit else { break }
            try encode(frame)
            taken += 1
        }
        pending.removeFirst(taken)
    }

    /// Adds silence until the rendition reaches `end` seconds.
    private func padWithSilence(to end: Double) throws {
        guard end.isFinite, let model = lastFrame else { return }
        let target = Int64((end * Double(sampleRate)).rounded(.up))
        let size = max(encoder.frameSize, 1)
        while samples < target, let silence = model.silence(samples: size) {
            silence.pts = samples
            try encode(silence)
        }
    }

    private func encode(_ frame: Frame) throws {
        samples = (frame.pts ?? samples) + Int64(frame.sampleCount)
        frames += 1
        lastFrame = frame
        try outputMeter?.add(frame)
        try forward(try encoder.encode(frame))
        if frames % 50 == 0 { report() }
    }

    private func forward(_ packets: [Packet]) throws {
        for packet in packets {
            // The encoder gives the last packet of a stream that ends inside a frame (audio-only sources)
            // the duration of its real samples; decoders still play the whole frame, its tail silent. The
            // container and the manifests count the whole frame, as every player and demuxer measures it.
            if encoder.frameSize > 0 && packet.duration > 0 && packet.duration < Int64(encoder.frameSize) {
                packet.duration = Int64(encoder.frameSize)
            }
            try next.process(packet)
        }
    }

    private func report() {
        reporter.update(rendition: id, outTime: Double(samples) / Double(sampleRate), frames: frames)
    }
}
