import ReelManifest
import ReelMedia

/// A rung made of the source's video itself: each packet, as the source holds it, moved onto
/// the package's presentation timeline and handed on, so a `Chunker` cuts it where the encoded
/// rungs cut (`PassthroughCheck` made sure a keyframe lies at every cut).
///
/// Runs on the reader's thread: it only shifts timestamps.
final class PassthroughStage: MediaHandler {
    /// The rung's id, e.g. `v1080p`.
    let id: String
    let rung: PlannedRung
    /// Seconds by which decoding precedes presentation at the start (B-frames).
    let reorderDelaySeconds: Double
    private let zeroTicks: Int64
    private let timeBase: Rational
    private let reporter: ProgressReporter
    private let next: any MediaHandler<Packet>
    private var packets = 0
    private var end: Int64 = 0

    /// - Parameters:
    ///   - rung: The rung the source stands in for.
    ///   - copy: What the check found.
    ///   - zero: Presentation time zero on the source's timeline, in seconds.
    ///   - reporter: Receives the rung's progress.
    ///   - next: The step that receives the packets (a `Chunker`).
    init(
        rung: PlannedRung, copy: PassthroughCheck.Copy, zero: Double, reporter: ProgressReporter,
        next: any MediaHandler<Packet>
    ) {
        id = "v\(rung.rung.name)"
        self.rung = rung
        reorderDelaySeconds = copy.reorderDelay
        timeBase = copy.stream.timeBase
        zeroTicks = Int64((zero / timeBase.value).rounded())
        self.reporter = reporter
        self.next = next
    }

    func process(_ packet: Packet) throws {
        if let pts = packet.pts { packet.pts = pts - zeroTicks }
        if let dts = packet.dts { packet.dts = dts - zeroTicks }
        end = max(end, (packet.pts ?? 0) + max(packet.duration, 0))
        packets += 1
        if packets % 8 == 0 { report() }
        try next.process(packet)
    }

    func flush() throws {
        report()
        try next.flush()
    }

    private func report() {
        reporter.update(rendition: id, outTime: Double(end) * timeBase.value, frames: packets)
    }
}
