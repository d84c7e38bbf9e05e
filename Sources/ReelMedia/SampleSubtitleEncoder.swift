import CFFmpeg
import ReelManifest

/// Encodes the subtitle track of a `SampleClip` (SubRip, mov_text, ASS, WebVTT or DVD bitmaps)
/// into packets with millisecond timestamps.
final class SampleSubtitleEncoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    let timeBase = Rational(1, 1000)
    private let isBitmap: Bool

    /// A minimal ASS script header: text encoders read their styles from it.
    static let assHeader = """
        [Script Info]\r
        ScriptType: v4.00+\r
        PlayResX: 384\r
        PlayResY: 288\r
        \r
        [V4+ Styles]\r
        Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, \
        Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, \
        MarginL, MarginR, MarginV, Encoding\r
        Style: Default,Arial,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0\r
        \r
        [Events]\r
        Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\r

        """

    /// - Parameters:
    ///   - encoderName: `subrip`, `mov_text`, `ass`, `webvtt` or `dvdsub`.
    ///   - width: Picture width (bitmap subtitles).
    ///   - height: Picture height (bitmap subtitles).
    init(encoderName: String, width: Int, height: Int) throws {
        guard let codec = avcodec_find_encoder_by_name(encoderName) else {
            throw MediaError(.unsupported, "encoder", "FFmpeg has no subtitle encoder \(encoderName)")
        }
        guard let ctx = avcodec_alloc_context3(codec) else { throw MediaError(.other, "encoder", "out of memory") }
        context = ctx
        isBitmap = encoderName == "dvdsub"
        ctx.pointee.time_base = timeBase.av
        ctx.pointee.width = Int32(width)
        ctx.pointee.height = Int32(height)
        let header = Array(Self.assHeader.utf8)
        if let buffer = av_mallocz(header.count + 1)?.assumingMemoryBound(to: UInt8.self) {
            buffer.update(from: header, count: header.count)
            ctx.pointee.subtitle_header = buffer
            ctx.pointee.subtitle_header_size = Int32(header.count)
        }
        try check(avcodec_open2(ctx, codec, nil), "open \(encoderName) encoder")
    }

    deinit {
        var p: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&p)
    }

    /// Encodes one cue.
    /// - Parameter cue: Times and text (ASS markup allowed).
    /// - Returns: The packet, timestamps in milliseconds.
    func encode(_ cue: SampleClip.Subtitle) throws -> Packet {
        var subtitle = AVSubtitle()
        defer { avsubtitle_free(&subtitle) }
        subtitle.pts = Int64((cue.start * 1_000_000).rounded())
        subtitle.end_display_time = UInt32(((cue.end - cue.start) * 1000).rounded())
        guard
            let rects = av_mallocz(MemoryLayout<UnsafeMutablePointer<AVSubtitleRect>?>.size)?
                .assumingMemoryBound(to: UnsafeMutablePointer<AVSubtitleRect>?.self),
            let rect = av_mallocz(MemoryLayout<AVSubtitleRect>.size)?.assumingMemoryBound(to: AVSubtitleRect.self)
        else { throw MediaError(.other, "subtitle", "out of memory") }
        rects.pointee = rect
        subtitle.rects = rects
        subtitle.num_rects = 1
        if isBitmap {
            fillBitmap(rect)
        } else {
            rect.pointee.type = SUBTITLE_ASS
            rect.pointee.ass = av_strdup("0,0,Default,,0,0,0,,\(cue.text)")
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let size = avcodec_encode_subtitle(context, &buffer, Int32(buffer.count), &subtitle)
        try check(size, "encode subtitle")
        let packet = Packet()
        try check(av_new_packet(packet.pointer, size), "subtitle packet")
        packet.pointer.pointee.data.update(from: buffer, count: Int(size))
        packet.pts = Int64((cue.start * 1000).rounded())
        packet.dts = packet.pts
        packet.duration = Int64(((cue.end - cue.start) * 1000).rounded())
        packet.pointer.pointee.flags |= AV_PKT_FLAG_KEY
        return packet
    }

    /// A 64×16 four-colour block at the bottom left, as a DVD subtitle picture.
    private func fillBitmap(_ rect: UnsafeMutablePointer<AVSubtitleRect>) {
        let width = 64
        let height = 16
        rect.pointee.type = SUBTITLE_BITMAP
        rect.pointee.x = 16
        rect.pointee.y = max(0, context.pointee.height - 32)
        rect.pointee.w = Int32(width)
        rect.pointee.h = Int32(height)
        rect.pointee.nb_colors = 4
        let pixels = av_mallocz(width * height)!.assumingMemoryBound(to: UInt8.self)
        for index in 0..<(width * height) { pixels[index] = UInt8((index / 8) % 4) }
        let palette = av_mallocz(4 * 4)!.assumingMemoryBound(to: UInt32.self)
        palette[0] = 0
        palette[1] = 0xFFFF_FFFF
        palette[2] = 0xFF00_0000
        palette[3] = 0xFF80_8080
        rect.pointee.data.0 = pixels
        rect.pointee.data.1 = UnsafeMutableRawPointer(palette).assumingMemoryBound(to: UInt8.self)
        rect.pointee.linesize.0 = Int32(width)
        rect.pointee.linesize.1 = 16
    }
}
