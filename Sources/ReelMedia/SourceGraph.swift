import CFFmpeg
import ReelManifest

/// A libavfilter graph that generates frames from source filters (`testsrc2`, `sine`) alone.
final class SourceGraph {
    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    private let sink: UnsafeMutablePointer<AVFilterContext>

    /// Builds the graph.
    /// - Parameters:
    ///   - description: A chain that starts with a source filter, e.g. `testsrc2=size=640x360:rate=30:duration=2`.
    ///   - audio: Whether the chain produces audio.
    ///   - audioFrameSize: Samples per output frame for audio.
    init(description: String, audio: Bool, audioFrameSize: Int = 0) throws {
        graph = avfilter_graph_alloc()
        var snk: UnsafeMutablePointer<AVFilterContext>?
        try check(
            avfilter_graph_create_filter(
                &snk, avfilter_get_by_name(audio ? "abuffersink" : "buffersink"), "out", nil, nil, graph),
            "source sink")
        try check(
            FilterGraphText.parse(description, into: graph, sources: [], sinks: [("out", snk)]),
            "parse '\(description)'")
        try check(avfilter_graph_config(graph, nil), "configure '\(description)'")
        if audioFrameSize > 0 { av_buffersink_set_frame_size(snk, UInt32(audioFrameSize)) }
        sink = snk!
    }

    deinit {
        avfilter_graph_free(&graph)
    }

    var timeBase: Rational { Rational(av_buffersink_get_time_base(sink)) }

    /// The next generated frame, or nil at the end.
    func next() throws -> Frame? {
        let frame = Frame()
        let code = av_buffersink_get_frame(sink, frame.pointer)
        if code == reel_averror_eof() { return nil }
        try check(code, "generate frame")
        return frame
    }
}
