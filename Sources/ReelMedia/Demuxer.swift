import CFFmpeg
import Foundation
import ReelManifest

/// Reads packets from a source through libavformat.
///
/// Every blocking read honours `interrupt`: cancellation and a per-read timeout stop it.
public final class Demuxer: @unchecked Sendable {
    let context: UnsafeMutablePointer<AVFormatContext>
    private let interrupt: InterruptState
    /// The source's name as given (path or URL), for messages.
    let source: String
    /// Every stream in the container.
    public let streams: [StreamInfo]

    /// The custom AVIO reading a `ByteSource`, when the demuxer was opened on one.
    private let io: SourceIO?

    /// Opens a source and reads its stream information.
    /// - Parameters:
    ///   - url: A path or URL libavformat can open.
    ///   - readTimeout: Seconds a single blocking read may take before it fails.
    ///   - isCancelled: Polled while blocked; returning true stops the read.
    convenience init(
        url: String, readTimeout: Double = 30, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws {
        try self.init(name: url, io: nil, readTimeout: readTimeout, isCancelled: isCancelled)
    }

    /// Opens a source whose bytes come from a `ByteSource` through a custom read-and-seek AVIO
    /// context: nothing is copied to disk and libavformat reads only the ranges it needs.
    /// - Parameters:
    ///   - bytes: The source's bytes.
    ///   - name: The source's name (URI) for messages.
    ///   - readTimeout: Seconds a single blocking read may take (the byte source enforces its own
    ///     network timeouts as well).
    ///   - isCancelled: Polled while blocked; returning true stops the read.
    /// - Throws: The byte source's own error when reading failed, otherwise `MediaError`.
    public convenience init(
        reading bytes: any ByteSource, name: String, readTimeout: Double = 30,
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws {
        try self.init(name: name, io: try SourceIO(source: bytes), readTimeout: readTimeout, isCancelled: isCancelled)
    }

    private init(
        name url: String, io: SourceIO?, readTimeout: Double, isCancelled: @escaping @Sendable () -> Bool
    ) throws {
        source = url
        self.io = io
        interrupt = InterruptState(timeout: readTimeout, isCancelled: isCancelled)
        guard let allocated = avformat_alloc_context() else {
            throw MediaError(.other, "open \(url)", "out of memory")
        }
        allocated.pointee.interrupt_callback.callback = interruptCallback
        allocated.pointee.interrupt_callback.opaque = Unmanaged.passUnretained(interrupt).toOpaque()
        if let io {
            allocated.pointee.pb = io.context
            allocated.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        }
        var ctx: UnsafeMutablePointer<AVFormatContext>? = allocated
        // A source read through a `ByteSource` is one file, already allowed by whoever opened it.
        // Container formats that name other files or URLs (a DASH MPD's BaseURL, an ffconcat
        // list's `file` lines, an HLS playlist's segments) would have libavformat open those
        // itself, past the source policy: no protocol is allowed, so every such open fails.
        var options: OpaquePointer?
        if io != nil { av_dict_set(&options, "protocol_whitelist", Self.noProtocol, 0) }
        defer { av_dict_free(&options) }
        interrupt.arm()
        let openCode = avformat_open_input(&ctx, io == nil ? url : "", nil, &options)
        guard openCode >= 0, let opened = ctx else {
            // avformat_open_input frees the context on failure.
            if let failure = io?.failure { throw failure }
            try interrupt.throwIfTimedOut("open \(url)", code: openCode)
            throw MediaError(code: openCode, operation: "open input")
        }
        context = opened
        interrupt.arm()
        let infoCode = avformat_find_stream_info(opened, nil)
        if infoCode < 0 {
            var p: UnsafeMutablePointer<AVFormatContext>? = opened
            avformat_close_input(&p)
            if let failure = io?.failure { throw failure }
            try interrupt.throwIfTimedOut("read stream information of \(url)", code: infoCode)
            throw MediaError(code: infoCode, operation: "read stream information")
        }
        streams = (0..<Int(opened.pointee.nb_streams)).map { Demuxer.describe(opened.pointee.streams[$0]!) }
    }

    /// A `protocol_whitelist` naming no protocol libavformat has: nested opens are all refused.
    static let noProtocol = "none"

    /// Restarts the per-read deadline before a blocking call.
    func interruptArm() {
        interrupt.arm()
    }

    deinit {
        var p: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&p)
    }

    /// The container's format name (`mov,mp4,m4a,3gp,3g2,mj2`, `mpegts`, …).
    public var formatName: String { String(cString: context.pointee.iformat.pointee.name) }

    /// How sure libavformat was of the container when it guessed it from the bytes (0…100;
    /// `AVPROBE_SCORE_RETRY`, 25, and below are guesses FFmpeg itself calls a possible misdetection).
    public var probeScore: Int { Int(context.pointee.probe_score) }

    /// Container duration in seconds, when known.
    public var duration: Double? {
        let d = context.pointee.duration
        return d == reel_nopts_value() || d <= 0 ? nil : Double(d) / Double(AV_TIME_BASE)
    }

    /// Container start time in seconds, when known.
    public var startTime: Double? {
        let s = context.pointee.start_time
        return s == reel_nopts_value() ? nil : Double(s) / Double(AV_TIME_BASE)
    }

    /// The index of the stream FFmpeg considers best for a kind, if any.
    /// - Parameter kind: `.video` or `.audio`.
    /// - Returns: A stream index, or nil when there is none.
    public func bestStream(_ kind: StreamKind) -> Int? {
        let type: AVMediaType = kind == .video ? AVMEDIA_TYPE_VIDEO : AVMEDIA_TYPE_AUDIO
        let index = av_find_best_stream(context, type, -1, -1, nil, 0)
        guard index >= 0 else { return nil }
        if kind == .video && streams[Int(index)].isAttachedPicture { return nil }
        return Int(index)
    }

    /// Tells the demuxer to drop packets of streams nobody reads.
    /// - Parameter used: The stream indices that will be read.
    public func discardAll(except used: Set<Int>) {
        for i in 0..<Int(context.pointee.nb_streams) where !used.contains(i) {
            context.pointee.streams[i]!.pointee.discard = AVDISCARD_ALL
        }
    }

    /// Reads the next packet.
    /// - Returns: The packet, or nil at the end of the source.
    public func read() throws -> Packet? {
        let packet = Packet()
        interrupt.arm()
        let code = av_read_frame(context, packet.pointer)
        if code == reel_averror_eof() { return nil }
        if code < 0 {
            if let failure = io?.failure { throw failure }
            try interrupt.throwIfTimedOut("read \(source)", code: code)
            // A read error after the start of a file means the file ends early: treat as the end,
            // but only if some data is known to be there; otherwise it is an I/O failure.
            if code == reel_averror_invaliddata() { return nil }
            throw MediaError(code: code, operation: "read \(source)")
        }
        return packet
    }

    /// Whether reading stopped because the source ended early or failed (set after `read()` returns nil).
    public var hitReadError: Bool { context.pointee.pb != nil && context.pointee.pb.pointee.error < 0 }

    static func describe(_ stream: UnsafeMutablePointer<AVStream>) -> StreamInfo {
        let par = stream.pointee.codecpar!.pointee
        let kind: StreamKind
        switch par.codec_type {
        case AVMEDIA_TYPE_VIDEO: kind = .video
        case AVMEDIA_TYPE_AUDIO: kind = .audio
        case AVMEDIA_TYPE_SUBTITLE: kind = .subtitle
        case AVMEDIA_TYPE_DATA: kind = .data
        case AVMEDIA_TYPE_ATTACHMENT: kind = .attachment
        default: kind = .unknown
        }
        let tb = Rational(stream.pointee.time_base)
        func seconds(_ value: Int64) -> Double? {
            value == reel_nopts_value() || !tb.isValid ? nil : Double(value) * tb.value
        }
        var info = StreamInfo(
            index: Int(stream.pointee.index), kind: kind,
            codecName: String(cString: avcodec_get_name(par.codec_id)),
            profile: avcodec_profile_name(par.codec_id, par.profile).map { String(cString: $0) },
            timeBase: tb, startTime: seconds(stream.pointee.start_time),
            duration: stream.pointee.duration > 0 ? seconds(stream.pointee.duration) : nil,
            bitRate: par.bit_rate > 0 ? Int(par.bit_rate) : nil,
            language: metadata(stream.pointee.metadata, "language"),
            title: metadata(stream.pointee.metadata, "title") ?? metadata(stream.pointee.metadata, "handler_name"),
            isDefault: stream.pointee.disposition & AV_DISPOSITION_DEFAULT != 0,
            isAttachedPicture: stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC != 0)
        info.hasDecoder = avcodec_find_decoder(par.codec_id) != nil
        info.level = par.level > 0 ? Int(par.level) : nil
        if kind == .subtitle {
            let properties = avcodec_descriptor_get(par.codec_id)?.pointee.props ?? 0
            info.isTextSubtitle = properties & AV_CODEC_PROP_TEXT_SUB != 0
            info.isBitmapSubtitle = properties & AV_CODEC_PROP_BITMAP_SUB != 0
            info.isForced = stream.pointee.disposition & AV_DISPOSITION_FORCED != 0
            info.isHearingImpaired = stream.pointee.disposition & AV_DISPOSITION_HEARING_IMPAIRED != 0
        }
        if kind == .video {
            info.width = Int(par.width)
            info.height = Int(par.height)
            let sar =
                stream.pointee.sample_aspect_ratio.num > 0
                ? stream.pointee.sample_aspect_ratio : par.sample_aspect_ratio
            info.sampleAspectRatio = Rational(sar)
            let avg = Rational(stream.pointee.avg_frame_rate)
            info.frameRate = avg.isValid ? avg : Rational(stream.pointee.r_frame_rate)
            info.baseFrameRate = Rational(stream.pointee.r_frame_rate)
            info.rotation = displayRotation(stream)
            info.pixelFormat = av_get_pix_fmt_name(AVPixelFormat(par.format)).map { String(cString: $0) }
            switch par.field_order {
            case AV_FIELD_PROGRESSIVE: info.fieldOrder = "progressive"
            case AV_FIELD_TT: info.fieldOrder = "tt"
            case AV_FIELD_BB: info.fieldOrder = "bb"
            case AV_FIELD_TB: info.fieldOrder = "tb"
            case AV_FIELD_BT: info.fieldOrder = "bt"
            default: info.fieldOrder = nil
            }
            info.colorTransfer = av_color_transfer_name(par.color_trc).map { String(cString: $0) }
            info.colorPrimaries = av_color_primaries_name(par.color_primaries).map { String(cString: $0) }
            info.colorSpace = av_color_space_name(par.color_space).map { String(cString: $0) }
            info.colorRange =
                par.color_range == AVCOL_RANGE_UNSPECIFIED
                ? nil : av_color_range_name(par.color_range).map { String(cString: $0) }
        } else if kind == .audio {
            info.sampleRate = Int(par.sample_rate)
            info.channels = Int(par.ch_layout.nb_channels)
            var layout = par.ch_layout
            var buffer = [CChar](repeating: 0, count: 64)
            if av_channel_layout_describe(&layout, &buffer, buffer.count) > 0 {
                info.channelLayout = String(cBuffer: buffer)
            }
        }
        return info
    }

    static func metadata(_ dict: OpaquePointer?, _ key: String) -> String? {
        guard let entry = av_dict_get(dict, key, nil, 0) else { return nil }
        let value = String(cString: entry.pointee.value)
        return value.isEmpty ? nil : value
    }

    /// The clockwise rotation (0/90/180/270) the display matrix asks for.
    static func displayRotation(_ stream: UnsafeMutablePointer<AVStream>) -> Int {
        guard let data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nil) else { return 0 }
        let matrix = UnsafeRawPointer(data).assumingMemoryBound(to: Int32.self)
        let angle = av_display_rotation_get(matrix)
        guard angle.isFinite else { return 0 }
        // FFmpeg reports counter-clockwise degrees; players rotate clockwise by its negation.
        let clockwise = Int((-angle).rounded())
        return ((clockwise % 360) + 360) % 360 / 90 * 90
    }
}

/// State behind the demuxer's interrupt callback: cancellation and a per-read deadline.
final class InterruptState: @unchecked Sendable {
    let timeout: Double
    let isCancelled: @Sendable () -> Bool
    // Written by the reading thread before each read, read by the same thread in the callback.
    private var deadline: Double = 0
    private(set) var timedOut = false

    init(timeout: Double, isCancelled: @escaping @Sendable () -> Bool) {
        self.timeout = timeout
        self.isCancelled = isCancelled
    }

    func arm() {
        deadline = Date().timeIntervalSince1970 + timeout
        timedOut = false
    }

    /// Throws a `.timedOut` error when the last blocking call was stopped by the deadline.
    func throwIfTimedOut(_ operation: String, code: Int32) throws {
        guard timedOut else { return }
        throw MediaError(.timedOut, operation, "no data for \(Int(timeout)) s", code: code)
    }

    func shouldInterrupt() -> Bool {
        if isCancelled() { return true }
        if Date().timeIntervalSince1970 > deadline {
            timedOut = true
            return true
        }
        return false
    }
}

private let interruptCallback: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { opaque in
    guard let opaque else { return 0 }
    return Unmanaged<InterruptState>.fromOpaque(opaque).takeUnretainedValue().shouldInterrupt() ? 1 : 0
}
