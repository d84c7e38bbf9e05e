import CFFmpeg
public import ReelManifest

/// A libavfilter graph with one input and one output, video or audio.
///
/// The graph is configured from the first frame pushed, so it always matches what the decoder
/// actually produces; if the input format changes mid-stream the graph is rebuilt.
public final class FilterGraph: @unchecked Sendable {
    /// The filter chain between the source and the sink, e.g. `fps=30,scale=1280:720,format=yuv420p`.
    let description: String
    private let kind: StreamKind
    private let inputTimeBase: Rational
    private let inputFrameRate: Rational?
    private let audioFrameSize: Int?
    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    private var source: UnsafeMutablePointer<AVFilterContext>?
    private var sink: UnsafeMutablePointer<AVFilterContext>?
    private var inputSignature: [Int] = []
    /// End of the last pushed frame (pts + duration), in the input time base.
    private var inputEnd: Int64?

    /// Creates a graph; it is built when the first frame arrives.
    /// - Parameters:
    ///   - description: The filter chain in libavfilter syntax.
    ///   - kind: `.video` or `.audio`.
    ///   - timeBase: Time base of the frames that will be pushed.
    ///   - frameRate: Frame rate hint for video sources.
    ///   - audioFrameSize: For audio, the number of samples each output frame must carry (an encoder's frame size).
    public init(
        description: String, kind: StreamKind, timeBase: Rational, frameRate: Rational? = nil,
        audioFrameSize: Int? = nil
    ) {
        self.description = description
        self.kind = kind
        self.inputTimeBase = timeBase
        self.inputFrameRate = frameRate
        self.audioFrameSize = audioFrameSize
    }

    deinit {
        avfilter_graph_free(&graph)
    }

    /// The time base of the frames `pull()` returns (valid once a frame was pushed).
    public var outputTimeBase: Rational {
        guard let sink else { return inputTimeBase }
        return Rational(av_buffersink_get_time_base(sink))
    }

    /// Pushes a frame into the graph, or nil to signal the end of input.
    public func push(_ frame: Frame?) throws {
        if let frame {
            let signature = Self.signature(of: frame, kind: kind)
            if graph == nil || signature != inputSignature {
                try build(for: frame)
                inputSignature = signature
            }
        }
        guard let source else { return }
        guard let frame else {
            // Close with the end time of the last frame, so rate conversion keeps its full duration.
            try check(
                av_buffersrc_close(source, inputEnd ?? reel_nopts_value(), UInt32(AV_BUFFERSRC_FLAG_PUSH)),
                "filter \(description)")
            return
        }
        if let pts = frame.pts {
            var length = frame.pointer.pointee.pkt_duration
            if length <= 0, kind == .audio {
                length = rescale(
                    Int64(frame.sampleCount), from: Rational(1, Int(frame.pointer.pointee.sample_rate)),
                    to: inputTimeBase)
            } else if length <= 0, let rate = inputFrameRate, rate.isValid {
                length = rescale(1, from: rate.inverted, to: inputTimeBase)
            }
            inputEnd = max(inputEnd ?? Int64.min, pts + max(length, 0))
        }
        let code = av_buffersrc_add_frame_flags(source, frame.pointer, Int32(AV_BUFFERSRC_FLAG_KEEP_REF))
        try check(code, "filter \(description)")
    }

    /// Takes the next filtered frame.
    /// - Returns: A frame, or nil when the graph needs more input or has finished.
    public func pull() throws -> Frame? {
        guard let sink else { return nil }
        let frame = Frame()
        let code = av_buffersink_get_frame(sink, frame.pointer)
        if code == reel_averror_eagain() || code == reel_averror_eof() { return nil }
        try check(code, "filter \(description)")
        return frame
    }

    private static func signature(of frame: Frame, kind: StreamKind) -> [Int] {
        let f = frame.pointer.pointee
        if kind == .video { return [Int(f.width), Int(f.height), Int(f.format)] }
        return [Int(f.sample_rate), Int(f.format), Int(f.ch_layout.nb_channels)]
    }

    private func build(for frame: Frame) throws {
        avfilter_graph_free(&graph)
        guard let newGraph = avfilter_graph_alloc() else { throw MediaError(.other, "filter", "out of memory") }
        graph = newGraph
        newGraph.pointee.nb_threads = 1
        let f = frame.pointer.pointee
        let args: String
        let sourceName: String
        let sinkName: String
        if kind == .video {
            var sar = Rational(f.sample_aspect_ratio)
            if !sar.isValid { sar = Rational(1, 1) }
            var text =
                "video_size=\(f.width)x\(f.height):pix_fmt=\(f.format):time_base=\(inputTimeBase)"
                + ":pixel_aspect=\(sar)"
            if let rate = inputFrameRate, rate.isValid { text += ":frame_rate=\(rate)" }
            args = text
            sourceName = "buffer"
            sinkName = "buffersink"
        } else {
            var layout = f.ch_layout
            var buffer = [CChar](repeating: 0, count: 128)
            if layout.order == AV_CHANNEL_ORDER_UNSPEC {
                av_channel_layout_default(&layout, layout.nb_channels)
            }
            av_channel_layout_describe(&layout, &buffer, buffer.count)
            let sampleFormat = av_get_sample_fmt_name(AVSampleFormat(f.format)).map { String(cString: $0) } ?? "fltp"
            args =
                "time_base=\(inputTimeBase):sample_rate=\(f.sample_rate):sample_fmt=\(sampleFormat)"
                + ":channel_layout=\(String(cBuffer: buffer))"
            sourceName = "abuffer"
            sinkName = "abuffersink"
        }
        var src: UnsafeMutablePointer<AVFilterContext>?
        var snk: UnsafeMutablePointer<AVFilterContext>?
        try check(
            avfilter_graph_create_filter(&src, avfilter_get_by_name(sourceName), "in", args, nil, newGraph),
            "filter source (\(args))")
        try check(
            avfilter_graph_create_filter(&snk, avfilter_get_by_name(sinkName), "out", nil, nil, newGraph),
            "filter sink")
        let chain = description.isEmpty ? (kind == .video ? "null" : "anull") : description
        let parseCode = FilterGraphText.parse(chain, into: newGraph, sources: [("in", src)], sinks: [("out", snk)])
        if parseCode < 0 {
            throw MediaError(
                .invalidSettings, "filter graph '\(chain)'", MediaError.text(for: parseCode), code: parseCode)
        }
        try check(avfilter_graph_config(newGraph, nil), "configure filter graph '\(chain)'")
        if let size = audioFrameSize, size > 0 {
            av_buffersink_set_frame_size(snk, UInt32(size))
        }
        source = src
        sink = snk
    }
}
