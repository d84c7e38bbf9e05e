import CFFmpeg
import ReelManifest

/// Measures decoded pictures against their references with libavfilter's own `psnr` and `ssim`
/// filters, so every figure is the one `ffmpeg -lavfi "[0:v][ref]psnr"` (and `ssim`) computes.
///
/// ```swift
/// let meter = QualityMeter()
/// var scores = try meter.measure(decoded, against: reference)   // may lag a pair behind
/// scores += try meter.finish()
/// // scores[i].sequence == i; FrameQuality.mse and .ssim per pair
/// ```
///
/// One graph, two buffer sources: `[distorted][reference]psnr` and its output with the
/// reference again into `ssim`; each pair gets the same timestamp, so the filters' frame
/// synchronisation pairs exactly the pictures given together. Per frame the filters attach
/// `lavfi.psnr.mse_avg` (the planes' mean squared errors weighted by their sample counts) and
/// `lavfi.ssim.All`; the pooled PSNR ffmpeg prints as `average` is `10·log10(peak² / mean MSE)`
/// over the frames (`QualityStatistics` in ReelQuality).
///
/// Both pictures must have the same size. A reference in another pixel format is converted to
/// the distorted picture's by the graph. Results may come one or two pairs late (the filters
/// look at the next frame before they emit one); `finish()` returns the rest.
public final class QualityMeter: @unchecked Sendable {
    private let threads: Int
    private let measuresSSIM: Bool
    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    private var distortedSource: UnsafeMutablePointer<AVFilterContext>?
    private var referenceSource: UnsafeMutablePointer<AVFilterContext>?
    private var sink: UnsafeMutablePointer<AVFilterContext>?
    private var signature: [Int32] = []
    private var pushed = 0
    private var peak = 255.0
    private var finished = false

    /// Creates a meter; its graph is built for the first pair.
    /// - Parameters:
    ///   - threads: Threads the filters may use (1 keeps a packaging run's rung on its own thread).
    ///   - measuresSSIM: Whether `ssim` runs too; without it (PSNR alone, about a third of the
    ///     cost) every `FrameQuality.ssim` is NaN.
    public init(threads: Int = 1, measuresSSIM: Bool = true) {
        self.threads = threads
        self.measuresSSIM = measuresSSIM
    }

    deinit {
        avfilter_graph_free(&graph)
    }

    /// Pairs measured so far or still inside the filters.
    public var pairs: Int { pushed }

    /// Measures one decoded picture against its reference.
    /// - Parameters:
    ///   - distorted: The decoded picture (a rendition's).
    ///   - reference: The picture it should be (the source at the rendition's size).
    /// - Returns: The measurements that are ready, in order; possibly none yet.
    /// - Throws: `MediaError` when the pictures differ in size or the filters fail.
    public func measure(_ distorted: Frame, against reference: Frame) throws -> [FrameQuality] {
        guard !finished else { throw MediaError(.other, "quality meter", "already finished") }
        let d = distorted.pointer.pointee
        let r = reference.pointer.pointee
        guard d.width == r.width, d.height == r.height else {
            throw MediaError(
                .invalidSettings, "quality meter",
                "the picture is \(d.width)x\(d.height) but its reference \(r.width)x\(r.height)")
        }
        let shape = [d.width, d.height, d.format, r.format]
        if graph == nil {
            try build(distorted: distorted, reference: reference)
            signature = shape
        } else if shape != signature {
            throw MediaError(
                .invalidSettings, "quality meter",
                "the pictures changed size or format mid-stream (\(d.width)x\(d.height))")
        }
        // The filters pair frames by timestamp: both get the pair's number.
        let sequence = Int64(pushed)
        for (frame, source) in [(distorted, distortedSource), (reference, referenceSource)] {
            let copy = frame.clone()
            copy.pointer.pointee.pts = sequence
            copy.pointer.pointee.pkt_duration = 1
            try check(
                av_buffersrc_add_frame_flags(source, copy.pointer, Int32(AV_BUFFERSRC_FLAG_PUSH)), "quality filters")
        }
        pushed += 1
        return try drain()
    }

    /// Ends the measurement.
    /// - Returns: The measurements still inside the filters, in order.
    public func finish() throws -> [FrameQuality] {
        guard !finished, graph != nil else { return [] }
        finished = true
        let end = Int64(pushed)
        try check(av_buffersrc_close(distortedSource, end, UInt32(AV_BUFFERSRC_FLAG_PUSH)), "quality filters")
        try check(av_buffersrc_close(referenceSource, end, UInt32(AV_BUFFERSRC_FLAG_PUSH)), "quality filters")
        return try drain()
    }

    private func drain() throws -> [FrameQuality] {
        var results: [FrameQuality] = []
        while true {
            let frame = Frame()
            let code = av_buffersink_get_frame(sink, frame.pointer)
            if code == reel_averror_eagain() || code == reel_averror_eof() { break }
            try check(code, "quality filters")
            let metadata = frame.pointer.pointee.metadata
            guard let mse = Self.number(metadata, "lavfi.psnr.mse_avg"),
                let ssim = measuresSSIM ? Self.number(metadata, "lavfi.ssim.All") : .nan
            else {
                throw MediaError(.other, "quality filters", "a frame came out without its psnr and ssim figures")
            }
            results.append(
                FrameQuality(sequence: Int(frame.pointer.pointee.pts), mse: mse, ssim: ssim, peak: peak))
        }
        return results
    }

    private static func number(_ dictionary: OpaquePointer?, _ key: String) -> Double? {
        guard let entry = av_dict_get(dictionary, key, nil, 0), let value = entry.pointee.value else { return nil }
        var end: UnsafeMutablePointer<CChar>?
        let number = strtod(value, &end)
        guard let end, end != value else { return nil }
        return number
    }

    private func build(distorted: Frame, reference: Frame) throws {
        guard let newGraph = avfilter_graph_alloc() else {
            throw MediaError(.other, "quality filters", "out of memory")
        }
        graph = newGraph
        newGraph.pointee.nb_threads = Int32(threads)
        func source(_ name: String, _ frame: Frame) throws -> UnsafeMutablePointer<AVFilterContext> {
            let f = frame.pointer.pointee
            var sar = Rational(f.sample_aspect_ratio)
            if !sar.isValid { sar = Rational(1, 1) }
            let args = "video_size=\(f.width)x\(f.height):pix_fmt=\(f.format):time_base=1/1:pixel_aspect=\(sar)"
            var context: UnsafeMutablePointer<AVFilterContext>?
            try check(
                avfilter_graph_create_filter(&context, avfilter_get_by_name("buffer"), name, args, nil, newGraph),
                "quality filter source (\(args))")
            return context!
        }
        let distortedContext = try source("distorted", distorted)
        let referenceContext = try source("reference", reference)
        var sinkContext: UnsafeMutablePointer<AVFilterContext>?
        try check(
            avfilter_graph_create_filter(&sinkContext, avfilter_get_by_name("buffersink"), "out", nil, nil, newGraph),
            "quality filter sink")
        // psnr and ssim each pass their first input on with their figures in its metadata.
        let text =
            measuresSSIM
            ? "[reference]split=2[r1][r2];[distorted][r1]psnr=eof_action=endall[measured];"
                + "[measured][r2]ssim=eof_action=endall[out]"
            : "[distorted][reference]psnr=eof_action=endall[out]"
        let code = FilterGraphText.parse(
            text, into: newGraph, sources: [("distorted", distortedContext), ("reference", referenceContext)],
            sinks: [("out", sinkContext)])
        if code < 0 {
            throw MediaError(.unsupported, "quality filters '\(text)'", MediaError.text(for: code), code: code)
        }
        try check(avfilter_graph_config(newGraph, nil), "configure quality filters")
        distortedSource = distortedContext
        referenceSource = referenceContext
        sink = sinkContext
        if let descriptor = av_pix_fmt_desc_get(AVPixelFormat(distorted.pointer.pointee.format)) {
            let depth = Int(descriptor.pointee.comp.0.depth)
            peak = Double((1 << depth) - 1)
        }
    }
}
