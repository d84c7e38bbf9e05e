import ReelManifest
import ReelMedia

/// The renditions' segment writers behind the aligner of a package-only run: it starts them at
/// the package's presentation offset and feeds each its segments. It runs on a thread of its own
/// (behind a `ThreadHandoff`), so muxing one segment overlaps reading the next.
final class SegmentMuxing: MediaHandler {
    private let writers: [any MediaHandler<ChunkedPacket>]
    /// Each rendition's input and stream, for messages (`v720p (ladder-720.mp4 #0)`).
    private let labels: [String]
    private let start: (Rational) throws -> Void

    /// - Parameters:
    ///   - writers: Each rendition's segment writer, in plan order.
    ///   - labels: Each rendition's input and stream, in the same order, for messages.
    ///   - start: Starts the writers at the presentation offset, before the first segment.
    init(
        writers: [any MediaHandler<ChunkedPacket>], labels: [String], start: @escaping (Rational) throws -> Void
    ) {
        self.writers = writers
        self.labels = labels
        self.start = start
    }

    func process(_ work: AlignedWork) throws {
        switch work {
        case .start(let offset):
            try start(offset)
        case .segment(let rendition, let packets):
            try naming(rendition) {
                for (position, packet) in packets.enumerated() {
                    try writers[rendition].process(ChunkedPacket(packet: packet, startsSegment: position == 0))
                }
            }
        }
    }

    func flush() throws {
        for (index, writer) in writers.enumerated() {
            try naming(index) { try writer.flush() }
        }
    }

    /// Runs a writer's step; a media-layer failure names the rendition's input and stream.
    private func naming(_ index: Int, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as MediaError {
            throw ReelError.classify(error, source: labels[index])
        }
    }
}
