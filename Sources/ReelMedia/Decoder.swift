import CFFmpeg
public import ReelManifest

/// Decodes one source stream.
public final class Decoder: @unchecked Sendable {
    let context: UnsafeMutablePointer<AVCodecContext>
    /// The time base of the frames it returns (the stream's).
    public let timeBase: Rational
    /// The stream's info as the demuxer reported it.
    public let stream: StreamInfo

    /// Opens a decoder for a stream of a demuxer.
    /// - Parameters:
    ///   - demuxer: The demuxer that reads the stream.
    ///   - streamIndex: Which stream.
    ///   - threads: Decoder threads; 0 lets FFmpeg choose.
    public init(demuxer: Demuxer, streamIndex: Int, threads: Int = 0) throws {
        let avStream = demuxer.context.pointee.streams[streamIndex]!
        let par = avStream.pointee.codecpar!
        stream = demuxer.streams[streamIndex]
        guard let codec = avcodec_find_decoder(par.pointee.codec_id) else {
            throw MediaError(.unsupported, "stream #\(streamIndex)", "no decoder for codec \(stream.codecName)")
        }
        guard let ctx = avcodec_alloc_context3(codec) else { throw MediaError(.other, "decoder", "out of memory") }
        context = ctx
        try check(avcodec_parameters_to_context(ctx, par), "stream #\(streamIndex): decoder parameters")
        ctx.pointee.pkt_timebase = avStream.pointee.time_base
        ctx.pointee.thread_count = Int32(threads)
        // Frames the decoder knows are damaged (missing references after a mid-GOP start) are
        // dropped rather than packaged as blocky pictures.
        ctx.pointee.flags &= ~AV_CODEC_FLAG_OUTPUT_CORRUPT
        timeBase = Rational(avStream.pointee.time_base)
        let code = avcodec_open2(ctx, codec, nil)
        if code < 0 {
            throw MediaError(code: code, operation: "stream #\(streamIndex): open \(stream.codecName) decoder")
        }
    }

    /// Opens a decoder for an encoded stream that is not read from a container: an encoder's
    /// packets, decoded again to measure what a player will show (`QualityMeter`).
    /// - Parameters:
    ///   - codec: The stream's parameters (`CodecParameters(encoder:)`); packets and frames are in
    ///     its time base.
    ///   - threads: Decoder threads; 1 decodes on the calling thread alone, with no frame delay.
    public init(codec: CodecParameters, threads: Int = 1) throws {
        let par = codec.pointer
        let name = String(cString: avcodec_get_name(par.pointee.codec_id))
        guard let decoder = avcodec_find_decoder(par.pointee.codec_id) else {
            throw MediaError(.unsupported, "decoder", "no decoder for codec \(name)")
        }
        guard let ctx = avcodec_alloc_context3(decoder) else { throw MediaError(.other, "decoder", "out of memory") }
        context = ctx
        timeBase = codec.timeBase
        stream = StreamInfo(
            index: 0, kind: par.pointee.codec_type == AVMEDIA_TYPE_AUDIO ? .audio : .video, codecName: name,
            timeBase: codec.timeBase, isDefault: true, isAttachedPicture: false)
        try check(avcodec_parameters_to_context(ctx, par), "\(name) decoder parameters")
        ctx.pointee.pkt_timebase = codec.timeBase.av
        ctx.pointee.thread_count = Int32(threads)
        let code = avcodec_open2(ctx, decoder, nil)
        if code < 0 { throw MediaError(code: code, operation: "open \(name) decoder") }
    }

    deinit {
        var p: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&p)
    }

    /// Sends a packet (nil to drain at the end) and returns every frame that is ready.
    /// - Parameter packet: The next packet of this stream, or nil to flush.
    /// - Returns: Decoded frames, possibly none.
    /// - Throws: `MediaError` with kind `.invalidData` when the packet cannot be decoded; the decoder stays usable.
    public func decode(_ packet: Packet?) throws -> [Frame] {
        var frames: [Frame] = []
        let sendCode = avcodec_send_packet(context, packet?.pointer)
        var sendError: MediaError?
        if sendCode < 0 && sendCode != reel_averror_eof() && sendCode != reel_averror_eagain() {
            sendError = MediaError(code: sendCode, operation: "decode stream #\(stream.index)")
        }
        while true {
            let frame = Frame()
            let code = avcodec_receive_frame(context, frame.pointer)
            if code == reel_averror_eagain() || code == reel_averror_eof() { break }
            if code < 0 {
                if frames.isEmpty { throw MediaError(code: code, operation: "decode stream #\(stream.index)") }
                break
            }
            frames.append(frame)
        }
        if let sendError, frames.isEmpty { throw sendError }
        return frames
    }

    /// Output pixel format name of decoded video frames (`yuv420p`, …).
    var pixelFormatName: String {
        av_get_pix_fmt_name(context.pointee.pix_fmt).map { String(cString: $0) } ?? "none"
    }
}
