import CFFmpeg
import ReelManifest

/// Decodes a text subtitle stream (SubRip, ASS/SSA, WebVTT, mov_text/tx3g, …) into events.
///
/// libavcodec turns every text format into ASS events; Matroska WebVTT tracks, which FFmpeg 5.1
/// demuxes without a codec id, are read as raw cue payloads.
public final class SubtitleDecoder: @unchecked Sendable {
    public let stream: StreamInfo
    private let context: UnsafeMutablePointer<AVCodecContext>?
    private let timeBase: Rational

    /// Whether a stream can be read by this decoder: a text subtitle codec FFmpeg decodes, or a
    /// Matroska subtitle track without codec id (WebVTT in FFmpeg 5.1).
    /// - Parameters:
    ///   - stream: The stream.
    ///   - container: The demuxer's format name.
    /// - Returns: True when `init` will accept it.
    public static func canDecode(_ stream: StreamInfo, container: String) -> Bool {
        guard stream.kind == .subtitle else { return false }
        if stream.codecName == "none" { return container.contains("matroska") }
        return stream.isTextSubtitle && stream.hasDecoder
    }

    /// Opens a decoder for a subtitle stream of a demuxer.
    /// - Parameters:
    ///   - demuxer: The demuxer that reads the stream.
    ///   - streamIndex: Which stream.
    /// - Throws: `MediaError` (`.unsupported` when FFmpeg has no decoder for it).
    public init(demuxer: Demuxer, streamIndex: Int) throws {
        let avStream = demuxer.context.pointee.streams[streamIndex]!
        stream = demuxer.streams[streamIndex]
        timeBase = Rational(avStream.pointee.time_base)
        guard stream.codecName != "none" else {
            context = nil
            return
        }
        let par = avStream.pointee.codecpar!
        guard let codec = avcodec_find_decoder(par.pointee.codec_id) else {
            throw MediaError(
                .unsupported, "stream #\(streamIndex)", "no decoder for subtitle codec \(stream.codecName)")
        }
        guard let ctx = avcodec_alloc_context3(codec) else { throw MediaError(.other, "decoder", "out of memory") }
        context = ctx
        try check(avcodec_parameters_to_context(ctx, par), "stream #\(streamIndex): decoder parameters")
        ctx.pointee.pkt_timebase = avStream.pointee.time_base
        let code = avcodec_open2(ctx, codec, nil)
        if code < 0 {
            throw MediaError(code: code, operation: "stream #\(streamIndex): open \(stream.codecName) decoder")
        }
    }

    deinit {
        var p: UnsafeMutablePointer<AVCodecContext>? = context
        if p != nil { avcodec_free_context(&p) }
    }

    /// The ASS script header (`[Script Info]`, styles) the decoder works with, when it has one.
    public var header: String? {
        guard let context, let bytes = context.pointee.subtitle_header, context.pointee.subtitle_header_size > 0 else {
            return nil
        }
        let buffer = UnsafeBufferPointer(start: bytes, count: Int(context.pointee.subtitle_header_size))
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Decodes one packet of the stream.
    /// - Parameter packet: A packet of this stream.
    /// - Returns: The events it holds (bitmap rectangles are left out).
    /// - Throws: `MediaError` when the packet cannot be decoded.
    public func decode(_ packet: Packet) throws -> [SubtitleEvent] {
        guard let pts = packet.pts ?? packet.dts else { return [] }
        let start = Double(pts) * timeBase.value
        let packetEnd = packet.duration > 0 ? Double(pts + packet.duration) * timeBase.value : nil
        guard let context else {
            let text = String(decoding: packet.data, as: UTF8.self)
            return text.isEmpty ? [] : [SubtitleEvent(start: start, end: packetEnd, lines: [text], format: .webVTT)]
        }
        var subtitle = AVSubtitle()
        var got: Int32 = 0
        let code = avcodec_decode_subtitle2(context, &subtitle, &got, packet.pointer)
        defer { if got != 0 { avsubtitle_free(&subtitle) } }
        if code < 0 { throw MediaError(code: code, operation: "decode subtitle stream #\(stream.index)") }
        guard got != 0 else { return [] }
        var ass: [String] = []
        var plain: [String] = []
        for index in 0..<Int(subtitle.num_rects) {
            guard let rect = subtitle.rects[index]?.pointee else { continue }
            if rect.type == SUBTITLE_ASS, let text = rect.ass {
                ass.append(String(cString: text))
            } else if rect.type == SUBTITLE_TEXT, let text = rect.text {
                plain.append(String(cString: text))
            }
        }
        let shown = start + Double(subtitle.start_display_time) / 1000
        var end = packetEnd
        if end == nil, subtitle.end_display_time > subtitle.start_display_time, subtitle.end_display_time != UInt32.max
        {
            end = start + Double(subtitle.end_display_time) / 1000
        }
        var events: [SubtitleEvent] = []
        if !ass.isEmpty { events.append(SubtitleEvent(start: shown, end: end, lines: ass, format: .ass)) }
        if !plain.isEmpty { events.append(SubtitleEvent(start: shown, end: end, lines: plain, format: .plain)) }
        return events
    }
}
