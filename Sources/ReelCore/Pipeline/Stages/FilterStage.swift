import ReelManifest
import ReelMedia

/// Runs frames through an FFmpeg filter graph (deinterlace, rotate, tone-map, scale, change the
/// frame rate, resample audio) and hands on what comes out, timestamps in `outputTimeBase`.
final class FilterStage: MediaHandler {
    private let graph: FilterGraph
    private let outputTimeBase: Rational
    private let next: any MediaHandler<Frame>

    /// - Parameters:
    ///   - graph: The filter graph.
    ///   - outputTimeBase: The time base the next step expects.
    ///   - next: The next step.
    init(graph: FilterGraph, outputTimeBase: Rational, next: any MediaHandler<Frame>) {
        self.graph = graph
        self.outputTimeBase = outputTimeBase
        self.next = next
    }

    func process(_ frame: Frame) throws {
        try graph.push(frame)
        try drain()
    }

    func flush() throws {
        try graph.push(nil)
        try drain()
        try next.flush()
    }

    private func drain() throws {
        while let frame = try graph.pull() {
            if let pts = frame.pts { frame.pts = rescale(pts, from: graph.outputTimeBase, to: outputTimeBase) }
            try next.process(frame)
        }
    }
}
