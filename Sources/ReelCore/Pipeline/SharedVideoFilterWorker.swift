import ReelMedia

/// Applies the filters every rung needs (deinterlacing, rotation, tone mapping) once per frame,
/// on its own thread, then fans the frames out to the rungs.
final class SharedVideoFilterWorker: @unchecked Sendable {
    let queue = BoundedQueue<Frame>(capacity: 4)
    private let graph: FilterGraph
    private let sourceTimeBase: Rational
    private var outputs: [BoundedQueue<Frame>] = []

    /// - Parameters:
    ///   - filter: The filter chain.
    ///   - sourceTimeBase: Time base of the decoded frames (the rungs receive frames in it too).
    ///   - sourceFrameRate: Frame rate hint.
    init(filter: String, sourceTimeBase: Rational, sourceFrameRate: Rational) {
        graph = FilterGraph(description: filter, kind: .video, timeBase: sourceTimeBase, frameRate: sourceFrameRate)
        self.sourceTimeBase = sourceTimeBase
    }

    func attach(_ output: BoundedQueue<Frame>) { outputs.append(output) }

    func run(control: PipelineControl) throws {
        defer { outputs.forEach { $0.finish() } }
        while let frame = queue.pop() {
            try graph.push(frame)
            try drain()
        }
        if control.isStopped { return }
        try graph.push(nil)
        try drain()
    }

    private func drain() throws {
        while let frame = try graph.pull() {
            if let pts = frame.pts { frame.pts = rescale(pts, from: graph.outputTimeBase, to: sourceTimeBase) }
            for (i, output) in outputs.enumerated() {
                output.push(i == outputs.count - 1 ? frame : frame.clone())
            }
        }
    }
}
