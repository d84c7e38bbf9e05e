import ReelManifest
import ReelMedia

/// The head of a package-only chain: reads every input once, in step (always the input that is
/// furthest behind in decoding time next), so the aligner sees every rendition advance together
/// and holds only about a segment of each.
final class CopyReader {
    private let demuxers: [Demuxer]
    /// Per input: source stream index → rendition index.
    private let routes: [[Int: Int]]

    /// - Parameters:
    ///   - demuxers: The open inputs, in request order.
    ///   - routes: Per input, which stream feeds which rendition; other streams are not read.
    init(demuxers: [Demuxer], routes: [[Int: Int]]) {
        self.demuxers = demuxers
        self.routes = routes
        for (demuxer, route) in zip(demuxers, routes) { demuxer.discardAll(except: Set(route.keys)) }
    }

    /// Reads to the end of every input, handing each packet to the aligner, then flushes it.
    /// A stopped run returns without flushing.
    func run(control: PipelineControl, into aligner: KeyframeAligner) throws {
        var next: [(packet: Packet, rendition: Int, time: Double)?] = []
        for input in demuxers.indices {
            next.append(try read(input))
            if next[input] == nil { try aligner.end(renditions: Array(routes[input].values)) }
        }
        while !control.isStopped {
            let ready = next.indices.compactMap { index in next[index].map { (index, $0.time) } }
            guard let (input, _) = ready.min(by: { $0.1 < $1.1 }), let current = next[input] else { break }
            try aligner.process(RoutedPacket(rendition: current.rendition, packet: current.packet))
            next[input] = try read(input)
            if next[input] == nil { try aligner.end(renditions: Array(routes[input].values)) }
        }
        if control.isStopped { return }
        try aligner.flush()
    }

    /// The input's next packet of a routed stream, with its decoding time in seconds.
    private func read(_ input: Int) throws -> (packet: Packet, rendition: Int, time: Double)? {
        let demuxer = demuxers[input]
        while let packet = try demuxer.read() {
            guard let rendition = routes[input][packet.streamIndex] else { continue }
            let base = demuxer.streams[packet.streamIndex].timeBase
            let ticks = packet.dts ?? packet.pts ?? 0
            return (packet, rendition, Double(ticks) * base.value)
        }
        return nil
    }
}
