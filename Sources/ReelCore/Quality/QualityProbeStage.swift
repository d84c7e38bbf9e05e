import ReelManifest
import ReelMedia

/// Measures a rung as players will see it: decodes the encoder's packets again and compares each
/// picture with the one the encoder was given (`QualityReferenceTap`), matched by presentation
/// timestamp, with libavfilter's `psnr` and `ssim` (`QualityMeter`). Passes every packet on
/// unchanged; the figures go to the `QualityCollector`, which places them in the segments the
/// listeners hear of.
///
/// Runs on the rung's thread, after the encoder: the decode and the two filters cost about what
/// decoding the rung costs again plus a pass over each picture pair.
final class QualityProbeStage: MediaHandler {
    private let id: String
    private let decoder: Decoder
    private let meter = QualityMeter()
    private let references: QualityReferences
    private let collector: QualityCollector
    private let next: any MediaHandler<Packet>
    private let timeBase: Rational
    /// Presentation seconds of the pairs inside the meter, by their sequence number.
    private var times: [Int: Double] = [:]
    private var sequence = 0

    /// - Parameters:
    ///   - id: The rung's id.
    ///   - codec: The encoder's stream (packets and pictures in its time base).
    ///   - references: The pictures the encoder was given.
    ///   - collector: Receives the figures.
    ///   - next: The step after the encoder (the chunker).
    init(
        id: String, codec: CodecParameters, references: QualityReferences, collector: QualityCollector,
        next: any MediaHandler<Packet>
    ) throws {
        self.id = id
        decoder = try Decoder(codec: codec)
        timeBase = codec.timeBase
        self.references = references
        self.collector = collector
        self.next = next
    }

    func process(_ packet: Packet) throws {
        try measure(try decoder.decode(packet))
        try next.process(packet)
    }

    func flush() throws {
        try measure(try decoder.decode(nil))
        record(try meter.finish())
        references.removeAll()
        collector.finished(id, mostHeld: references.mostHeld)
        try next.flush()
    }

    private func measure(_ pictures: [Frame]) throws {
        for picture in pictures {
            guard let pts = picture.pts ?? picture.bestEffortTimestamp, let reference = references.take(pts) else {
                continue
            }
            times[sequence] = Double(pts) * timeBase.value
            sequence += 1
            record(try meter.measure(picture, against: reference))
        }
    }

    private func record(_ results: [FrameQuality]) {
        for result in results {
            guard let time = times.removeValue(forKey: result.sequence) else { continue }
            collector.record(id, time: time, quality: result)
        }
    }
}
