import CFFmpeg
import ReelManifest

/// Encodes frames of one rendition.
public final class Encoder: @unchecked Sendable {
    let context: UnsafeMutablePointer<AVCodecContext>
    public let settings: EncoderSettings
    private let isVideo: Bool
    private let frameTicks: Int64

    /// Opens an encoder.
    /// - Parameter settings: Codec, geometry or sample format, rates and private options.
    /// - Throws: `MediaError` naming the encoder and FFmpeg's reason.
    public init(_ settings: EncoderSettings) throws {
        self.settings = settings
        guard let codec = avcodec_find_encoder_by_name(settings.encoderName) else {
            throw MediaError(.unsupported, "encoder", "FFmpeg has no encoder \(settings.encoderName)")
        }
        guard let ctx = avcodec_alloc_context3(codec) else { throw MediaError(.other, "encoder", "out of memory") }
        context = ctx
        isVideo = codec.pointee.type == AVMEDIA_TYPE_VIDEO
        ctx.pointee.time_base = settings.timeBase.av
        ctx.pointee.thread_count = Int32(settings.threads)
        ctx.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER
        if let rate = settings.bitRate { ctx.pointee.bit_rate = Int64(rate) }
        if let rate = settings.maxRate { ctx.pointee.rc_max_rate = Int64(rate) }
        if let size = settings.bufferSize { ctx.pointee.rc_buffer_size = Int32(size) }
        if isVideo {
            ctx.pointee.width = Int32(settings.width)
            ctx.pointee.height = Int32(settings.height)
            ctx.pointee.pix_fmt = av_get_pix_fmt(settings.pixelFormat)
            ctx.pointee.framerate = settings.frameRate.av
            ctx.pointee.sample_aspect_ratio = settings.sampleAspectRatio.av
            if settings.gopSize > 0 {
                ctx.pointee.gop_size = Int32(settings.gopSize)
                ctx.pointee.keyint_min = Int32(settings.gopSize)
            }
            if let v = colorValue(settings.colorPrimaries, av_color_primaries_from_name) {
                ctx.pointee.color_primaries = AVColorPrimaries(v)
            }
            if let v = colorValue(settings.colorTransfer, av_color_transfer_from_name) {
                ctx.pointee.color_trc = AVColorTransferCharacteristic(v)
            }
            if let v = colorValue(settings.colorSpace, av_color_space_from_name) {
                ctx.pointee.colorspace = AVColorSpace(v)
            }
            if let v = colorValue(settings.colorRange, av_color_range_from_name) {
                ctx.pointee.color_range = AVColorRange(v)
            }
            switch settings.fieldOrder {
            case "tt": ctx.pointee.field_order = AV_FIELD_TT
            case "bb": ctx.pointee.field_order = AV_FIELD_BB
            default: break
            }
            if settings.fieldOrder != nil {
                ctx.pointee.flags |= AV_CODEC_FLAG_INTERLACED_DCT | AV_CODEC_FLAG_INTERLACED_ME
            }
            let ticks = rescale(1, from: settings.frameRate.inverted, to: settings.timeBase)
            frameTicks = max(1, ticks)
        } else {
            ctx.pointee.sample_rate = Int32(settings.sampleRate)
            av_channel_layout_default(&ctx.pointee.ch_layout, Int32(settings.channels))
            ctx.pointee.sample_fmt = codec.pointee.sample_fmts?.pointee ?? AV_SAMPLE_FMT_FLTP
            frameTicks = 0
        }
        var dict: OpaquePointer?
        defer { av_dict_free(&dict) }
        for (key, value) in settings.options.sorted(by: { $0.key < $1.key }) {
            av_dict_set(&dict, key, value, 0)
        }
        let code = avcodec_open2(ctx, codec, &dict)
        if code < 0 {
            throw MediaError(.invalidSettings, "open \(settings.encoderName)", MediaError.text(for: code), code: code)
        }
        if let leftover = av_dict_get(dict, "", nil, AV_DICT_IGNORE_SUFFIX) {
            throw MediaError(
                .invalidSettings, "open \(settings.encoderName)",
                "unknown option \(String(cString: leftover.pointee.key))")
        }
    }

    deinit {
        var p: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&p)
    }

    /// The encoder's out-of-band header (avcC/hvcC or Annex B parameter sets, AudioSpecificConfig).
    var extradata: [UInt8] {
        guard let data = context.pointee.extradata, context.pointee.extradata_size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(context.pointee.extradata_size)))
    }

    /// RFC 6381 codec string derived from the extradata, e.g. `avc1.64001f` or `mp4a.40.2`.
    public var codecString: String {
        CodecString.make(codec: String(cString: avcodec_get_name(context.pointee.codec_id)), extradata: extradata)
    }

    /// Samples per audio frame the encoder expects (0 for video or variable).
    public var frameSize: Int { Int(context.pointee.frame_size) }

    /// Audio priming samples the encoder puts before the first real sample.
    public var initialPadding: Int { Int(context.pointee.initial_padding) }

    /// How many frames presentation lags decoding (B-frame reordering depth). libx265 does not report
    /// it through FFmpeg 5.1, so its largest delay is assumed: x265 starts decoding two frames ahead
    /// with B-pyramid (one without, none without B-frames). A delay taken too large only shifts the
    /// container's timestamps further; too small, and the muxer shifts them behind the edit list's back.
    public var reorderDelay: Int {
        let reported = Int(context.pointee.has_b_frames)
        return settings.encoderName == "libx265" ? max(reported, 2) : reported
    }

    /// Sends a frame (nil to drain at the end) and returns every packet that is ready.
    /// Packet timestamps are in `settings.timeBase`.
    public func encode(_ frame: Frame?) throws -> [Packet] {
        let sendCode = avcodec_send_frame(context, frame?.pointer)
        if sendCode < 0 && sendCode != reel_averror_eof() {
            throw MediaError(code: sendCode, operation: "encode \(settings.encoderName)")
        }
        var packets: [Packet] = []
        while true {
            let packet = Packet()
            let code = avcodec_receive_packet(context, packet.pointer)
            if code == reel_averror_eagain() || code == reel_averror_eof() { break }
            try check(code, "encode \(settings.encoderName)")
            if isVideo && packet.duration <= 0 { packet.duration = frameTicks }
            packets.append(packet)
        }
        return packets
    }
}

/// Looks up a colour property by FFmpeg name; nil when unset or unknown.
private func colorValue(_ name: String?, _ lookup: (UnsafePointer<CChar>?) -> Int32) -> UInt32? {
    guard let name else { return nil }
    let value = name.withCString { lookup($0) }
    return value >= 0 ? UInt32(value) : nil
}
