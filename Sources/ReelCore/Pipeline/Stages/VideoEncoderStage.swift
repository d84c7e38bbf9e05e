import ReelManifest
import ReelMedia

/// Encodes one video rung, forcing an IDR frame at every keyframe instant of the package, and
/// hands the packets on.
///
/// The last frame is held back one step, so it is known when the stream ends: it is coded as an
/// IDR, which makes it the last in decoding order too (some DASH clients drop a trailing B-frame
/// that decodes after the final displayed frame).
final class VideoEncoderStage: MediaHandler {
    /// The rung's id, e.g. `v720p`.
    let id: String
    let rung: PlannedRung
    let encoder: Encoder
    /// Whether closed-caption data on the frames is written into the bitstream.
    let keepsCaptions: Bool
    /// Frames encoded with closed-caption data.
    private(set) var captionFrames = 0
    private let timing: SegmentTiming
    private let reporter: ProgressReporter
    private let next: any MediaHandler<Packet>
    private var frameIndex: Int64 = 0
    private var pending: Frame?
    /// Instants (presentation seconds, ascending) that must be IDR frames besides the package's
    /// keyframe grid: a copied rung's keyframes. Consumed as frames pass them.
    private var extraKeyframes: ArraySlice<Double>

    /// - Parameters:
    ///   - rung: The rung with its size and frame rate.
    ///   - encoder: The rung's encoder (one tick per frame).
    ///   - timing: Keyframe instants.
    ///   - keepsCaptions: Whether the encoder writes the frames' caption data.
    ///   - extraKeyframes: Further IDR instants in presentation seconds, ascending (a copied
    ///     rung's keyframes); the first frame at or after each (within half a frame) is an IDR.
    ///   - reporter: Receives the rung's progress.
    ///   - next: The step that receives the packets.
    init(
        rung: PlannedRung, encoder: Encoder, timing: SegmentTiming, keepsCaptions: Bool,
        extraKeyframes: [Double] = [], reporter: ProgressReporter, next: any MediaHandler<Packet>
    ) {
        self.extraKeyframes = extraKeyframes[...]
        self.id = "v\(rung.rung.name)"
        self.rung = rung
        self.encoder = encoder
        self.timing = timing
        self.keepsCaptions = keepsCaptions
        self.reporter = reporter
        self.next = next
    }

    /// Whether the rendition carries CEA-608/708 captions.
    var carriesCaptions: Bool { keepsCaptions && captionFrames > 0 }

    /// Seconds by which presentation lags decoding at the start (B-frame reordering).
    var reorderDelaySeconds: Double {
        Double(encoder.reorderDelay) * Double(rung.frameRate.denominator) / Double(rung.frameRate.numerator)
    }

    func process(_ frame: Frame) throws {
        guard frame.pts != nil else { return }
        if let previous = pending { try encode(previous, forceKeyframe: false) }
        pending = frame
    }

    func flush() throws {
        if let last = pending {
            try encode(last, forceKeyframe: true)
            pending = nil
        }
        for packet in try encoder.encode(nil) { try next.process(packet) }
        reportProgress()
        try next.flush()
    }

    private func encode(_ frame: Frame, forceKeyframe: Bool) throws {
        let n = frame.pts ?? frameIndex
        let boundary =
            n == 0
            || timing.keyframeIndex(frame: n, rate: rung.frameRate)
                != timing.keyframeIndex(frame: n - 1, rate: rung.frameRate)
        // The frame covers [time - half a frame, time + half a frame); an extra instant inside it or
        // passed already makes it an IDR.
        let time = Double(n) * Double(rung.frameRate.denominator) / Double(rung.frameRate.numerator)
        let half = 0.5 * Double(rung.frameRate.denominator) / Double(rung.frameRate.numerator)
        var extra = false
        while let instant = extraKeyframes.first, instant < time + half {
            extra = true
            extraKeyframes.removeFirst()
        }
        frame.requestKeyframe(boundary || forceKeyframe || extra)
        if keepsCaptions && frame.hasClosedCaptions { captionFrames += 1 }
        frameIndex = n + 1
        for packet in try encoder.encode(frame) { try next.process(packet) }
        if n % 8 == 0 { reportProgress() }
    }

    private func reportProgress() {
        let outTime = Double(frameIndex) * Double(rung.frameRate.denominator) / Double(rung.frameRate.numerator)
        reporter.update(rendition: id, outTime: outTime, frames: Int(frameIndex))
    }
}
