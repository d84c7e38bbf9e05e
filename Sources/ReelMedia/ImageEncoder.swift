import CFFmpeg
public import ReelManifest

/// Turns decoded video frames into PNG or JPEG files: square pixels, upright (the stream's
/// rotation applied), optionally scaled to a width, encoded with FFmpeg's `png` or `mjpeg`.
public final class ImageEncoder: @unchecked Sendable {
    let format: ImageFormat
    private let filter: FilterGraph
    /// JPEG quality scale (2 best … 31 worst).
    private let jpegScale: Int

    /// - Parameters:
    ///   - format: PNG or JPEG.
    ///   - width: Output width in pixels (height follows the aspect ratio, even); nil keeps the size.
    ///   - rotation: Clockwise degrees to turn the picture (0, 90, 180, 270), as `StreamInfo.rotation`.
    ///   - timeBase: The time base of the frames that will be pushed (the decoder's).
    ///   - jpegScale: JPEG quantiser scale, 2 (best) … 31.
    public init(format: ImageFormat, width: Int?, rotation: Int, timeBase: Rational, jpegScale: Int = 2) {
        self.format = format
        self.jpegScale = min(max(jpegScale, 2), 31)
        var chain: [String] = []
        // Square pixels first, so rotation and scaling keep the display aspect ratio.
        chain.append("scale=w='if(gt(sar,1),trunc(iw*sar/2)*2,iw)':h='if(lt(sar,1),trunc(ih/sar/2)*2,ih)'")
        chain.append("setsar=1")
        switch rotation {
        case 90: chain.append("transpose=clock")
        case 180: chain.append("hflip,vflip")
        case 270: chain.append("transpose=cclock")
        default: break
        }
        if let width { chain.append("scale=\(width):-2:flags=bicubic") }
        chain.append(format == .png ? "format=rgb24" : "format=yuvj420p")
        filter = FilterGraph(description: chain.joined(separator: ","), kind: .video, timeBase: timeBase)
    }

    /// Encodes one frame as an image file.
    /// - Parameter frame: A decoded video frame.
    /// - Returns: The complete PNG or JPEG file.
    /// - Throws: `MediaError` when filtering or encoding fails.
    public func encode(_ frame: Frame) throws -> [UInt8] {
        let copy = frame.clone()
        copy.requestKeyframe(false)
        try filter.push(copy)
        guard let picture = try filter.pull() else {
            throw MediaError(.other, "image filter", "the filter returned no picture")
        }
        return try Self.encodePicture(picture, format: format, jpegScale: jpegScale)
    }

    /// Encodes a picture already in the encoder's pixel format (`rgb24` for PNG, `yuvj420p` for JPEG).
    static func encodePicture(_ picture: Frame, format: ImageFormat, jpegScale: Int) throws -> [UInt8] {
        let name = format == .png ? "png" : "mjpeg"
        guard let codec = avcodec_find_encoder_by_name(name) else {
            throw MediaError(.unsupported, "image encoder", "FFmpeg has no encoder \(name)")
        }
        guard let ctx = avcodec_alloc_context3(codec) else {
            throw MediaError(.other, "image encoder", "out of memory")
        }
        defer {
            var p: UnsafeMutablePointer<AVCodecContext>? = ctx
            avcodec_free_context(&p)
        }
        ctx.pointee.width = picture.pointer.pointee.width
        ctx.pointee.height = picture.pointer.pointee.height
        ctx.pointee.pix_fmt = AVPixelFormat(picture.pointer.pointee.format)
        ctx.pointee.time_base = AVRational(num: 1, den: 25)
        ctx.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        if format == .jpeg {
            ctx.pointee.flags |= AV_CODEC_FLAG_QSCALE
            ctx.pointee.global_quality = Int32(jpegScale) * FF_QP2LAMBDA
            ctx.pointee.color_range = AVCOL_RANGE_JPEG
        }
        try check(avcodec_open2(ctx, codec, nil), "open \(name) encoder")
        picture.pointer.pointee.pts = 0
        picture.pointer.pointee.quality = ctx.pointee.global_quality
        try check(avcodec_send_frame(ctx, picture.pointer), "encode \(name)")
        try check(avcodec_send_frame(ctx, nil), "encode \(name)")
        var bytes: [UInt8] = []
        let packet = Packet()
        while true {
            let code = avcodec_receive_packet(ctx, packet.pointer)
            if code == reel_averror_eagain() || code == reel_averror_eof() { break }
            try check(code, "encode \(name)")
            bytes.append(contentsOf: UnsafeBufferPointer(start: packet.pointer.pointee.data, count: packet.size))
            av_packet_unref(packet.pointer)
        }
        guard !bytes.isEmpty else { throw MediaError(.other, "encode \(name)", "no image produced") }
        return bytes
    }
}
