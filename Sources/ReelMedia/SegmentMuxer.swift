import CFFmpeg
public import Foundation
public import ReelManifest

/// Muxes one encoded stream into segments held in memory, cut where the caller says.
///
/// Usage: `start(presentationOffset:)` once (the init segment for fMP4), then `write(_:)` packets,
/// calling `cut()` whenever a new segment must start, and `finish()` for the last segment.
///
/// Some fMP4 headers need the stream's first frames, and then `start` returns nil and the first
/// segment brings the init segment (`MuxedSegment.initSegment`): AC-3 and E-AC-3, whose `dac3`/
/// `dec3` box FFmpeg's muxer fills from the first frames (it writes the header at the first cut,
/// `delay_moov`), and H.264/HEVC whose parameter sets are only in-band (`avc3`/`hev1`, elementary
/// streams), whose `avcC`/`hvcC` record is built from the first keyframe (`InBandParameterSets`).
///
/// Timestamps. Packets arrive on the presentation timeline (0 = the first picture, or the first
/// real audio sample), where B-frame decoding and AAC priming start a little before zero. The
/// container holds them shifted by the presentation offset, so nothing is negative; the fMP4
/// header's edit list starts the presentation at that offset again, so every reader that applies
/// it (MSE in browsers, FFmpeg, GStreamer, AVFoundation) shows the first picture at 0 and trims
/// the priming. MPEG-TS has no edit list: its timestamps keep the offset (see `timestampShift`).
public final class SegmentMuxer: @unchecked Sendable {
    private let context: UnsafeMutablePointer<AVFormatContext>
    private let stream: UnsafeMutablePointer<AVStream>
    private let io: MemoryIO
    private let encoderTimeBase: Rational
    private let format: SegmentContainer
    private let codecName: String
    private var headerWritten = false
    /// What the fMP4 header waits for, until the init segment is made.
    private var headerWait: HeaderWait?
    /// The init segment made after `start`, handed out with the next segment.
    private var lateInitSegment: [UInt8]?
    /// Whether packets must be rewritten from Annex B to length-prefixed NAL units.
    private var rewritesAnnexB = false
    /// Whether AAC frames may arrive with ADTS headers (MPEG-TS sources), which MP4 does not carry.
    private var stripsADTS = false
    /// Whether packets must be rewritten from lengths of this size to Annex B (HEVC whose
    /// configuration is built from in-band parameter sets).
    private var rewritesToAnnexB: Int?
    private var segmentHasPackets = false
    /// Size of the current segment's first sample, when it is a keyframe.
    private var firstSample: Int?
    /// For TS: bytes written up to the end of the first keyframe.
    private var firstSampleEnd: Int?
    /// The stream's time base once `start` has set the muxer up (the muxer may change it).
    public private(set) var timeBase: Rational
    /// Ticks of `timeBase` added to every timestamp: where presentation time zero lies in the container.
    private(set) var presentationOffset: Int64 = 0

    /// Creates a muxer for an encoder's output.
    /// - Parameters:
    ///   - encoder: The encoder whose packets will be written.
    ///   - format: `.fmp4` or `.ts` (text is not muxed here).
    ///   - timescale: Track timescale for fMP4 video (ticks per second).
    ///   - language: ISO 639-2 language to record in the track, if known.
    convenience init(encoder: Encoder, format: SegmentContainer, timescale: Int, language: String? = nil) throws {
        try self.init(
            codec: try CodecParameters(encoder: encoder), format: format, timescale: timescale, language: language)
    }

    /// Creates a muxer for an encoded stream: an encoder's output, or a source stream copied as it is.
    /// - Parameters:
    ///   - codec: The stream's parameters; its packets arrive in `codec.timeBase`.
    ///   - format: `.fmp4` or `.ts` (text is not muxed here).
    ///   - timescale: Track timescale for fMP4 video (ticks per second).
    ///   - language: ISO 639-2 language to record in the track, if known.
    /// - Throws: `MediaError` when FFmpeg cannot set up the muxer.
    public init(codec: CodecParameters, format: SegmentContainer, timescale: Int, language: String? = nil) throws {
        precondition(format != .webvtt, "WebVTT is written by the subtitle writers")
        let codecID = codec.pointer.pointee.codec_id
        self.format = format
        codecName = codec.codecName
        if format == .fmp4 {
            if codecID == AV_CODEC_ID_AC3 || codecID == AV_CODEC_ID_EAC3 {
                headerWait = .firstFrames
            } else if codecID == AV_CODEC_ID_H264 || codecID == AV_CODEC_ID_HEVC, !codec.hasParameterSets {
                headerWait = .parameterSets(isHEVC: codecID == AV_CODEC_ID_HEVC, lengthSize: codec.nalLengthSize)
            }
        }
        io = try MemoryIO()
        encoderTimeBase = codec.timeBase
        var ctx: UnsafeMutablePointer<AVFormatContext>?
        let formatName = format == .fmp4 ? "mp4" : "mpegts"
        try check(avformat_alloc_output_context2(&ctx, nil, formatName, nil), "create \(formatName) muxer")
        context = ctx!
        context.pointee.pb = io.context
        context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        guard let st = avformat_new_stream(context, nil) else {
            avformat_free_context(context)
            throw MediaError(.other, "muxer", "out of memory")
        }
        stream = st
        try check(avcodec_parameters_copy(st.pointee.codecpar, codec.pointer), "muxer parameters")
        st.pointee.time_base = Rational(1, timescale).av
        if format == .fmp4, codecID == AV_CODEC_ID_H264, codec.isAnnexB,
            let record = AVCConfiguration.record(fromAnnexB: codec.extradata)
        {
            CodecParameters.replaceExtradata(of: st.pointee.codecpar, with: record)
            rewritesAnnexB = true
        }
        stripsADTS = format == .fmp4 && codecID == AV_CODEC_ID_AAC
        if let language { av_dict_set(&st.pointee.metadata, "language", language, 0) }
        if codecID == AV_CODEC_ID_HEVC && format == .fmp4 { st.pointee.codecpar.pointee.codec_tag = fourCC("hvc1") }
        timeBase = Rational(1, timescale)
    }

    deinit {
        avformat_free_context(context)
    }

    /// Writes the container header and fixes where presentation time zero lies in the container.
    /// - Parameter offset: The package's presentation offset in seconds: how far every timestamp is
    ///   shifted so that none is negative (the same instant for every rendition of a package).
    /// - Returns: The init segment (fMP4 `ftyp`+`moov`, with an edit list that starts the presentation
    ///   at the offset), nothing for MPEG-TS, or nil when the fMP4 header needs the stream's first
    ///   frames: the first segment then brings it (`MuxedSegment.initSegment`).
    public func start(presentationOffset offset: Rational) throws -> [UInt8]? {
        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        if format == .fmp4 {
            // delay_moov: the header is written at the first cut, when the muxer has parsed the
            // AC-3/E-AC-3 frames its dac3/dec3 box describes.
            let delay = headerWait == .firstFrames ? "+delay_moov" : ""
            av_dict_set(
                &options, "movflags", "frag_custom+empty_moov+default_base_moof+skip_trailer+frag_discont\(delay)", 0)
            // The muxer sees no packet before the header, so it could not say where the presentation
            // starts; Reel writes that edit itself.
            av_dict_set(&options, "use_editlist", "0", 0)
            if stream.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO {
                av_dict_set(&options, "video_track_timescale", "\(timeBase.denominator)", 0)
            }
        } else {
            av_dict_set(&options, "mpegts_flags", "resend_headers", 0)
        }
        // Timestamps arrive already non-negative and on the package's shared timeline; keep them.
        context.pointee.avoid_negative_ts = 1
        // Initializing fixes the stream's time base; the header may wait for the first keyframe.
        try check(avformat_init_output(context, &options), "set up \(format) muxer")
        timeBase = Rational(stream.pointee.time_base)
        presentationOffset = offset.numerator == 0 ? 0 : rescale(1, from: offset, to: timeBase)
        if case .parameterSets = headerWait { return nil }
        try check(avformat_write_header(context, nil), "write \(format) header")
        headerWritten = true
        guard format == .fmp4 else { return [] }
        if headerWait == .firstFrames { return nil }
        return try takeHeader()
    }

    /// Builds the configuration from the first keyframe's in-band parameter sets and writes the
    /// header with it.
    private func writeHeader(from keyframe: Packet, isHEVC: Bool, lengthSize: Int?) throws {
        let sets = ["SPS and PPS", "VPS, SPS and PPS"][isHEVC ? 1 : 0]
        guard keyframe.isKeyframe else {
            throw MediaError(
                .invalidData, "muxer",
                "\(codecName) without parameter sets in its configuration starts with a frame that is not a keyframe")
        }
        guard let found = InBandParameterSets(keyframe: keyframe.data, isHEVC: isHEVC, lengthSize: lengthSize) else {
            throw MediaError(
                .invalidData, "muxer",
                "\(codecName) has no parameter sets in its configuration and its first keyframe carries no \(sets)")
        }
        CodecParameters.replaceExtradata(of: stream.pointee.codecpar, with: found.extradata)
        switch found.rewrite {
        case .none: break
        case .annexBToLengthPrefixed: rewritesAnnexB = true
        case .lengthPrefixedToAnnexB(let size): rewritesToAnnexB = size
        }
        try check(avformat_write_header(context, nil), "write \(format) header")
        headerWritten = true
        headerWait = nil
        lateInitSegment = try takeHeader()
    }

    /// The fMP4 header the muxer just wrote, with its edit list. From then on each fragment's
    /// `mdat` payload goes to memory in one piece, once (the header's boxes are patched by seeking
    /// back within the AVIO buffer, so it is written through it).
    private func takeHeader() throws -> [UInt8] {
        let header = try EditList.starting(at: presentationOffset, in: [UInt8](io.take()))
        io.passesWritesThrough = true
        return header
    }

    /// Writes a packet whose timestamps are in the encoder's time base, on the presentation timeline.
    /// - Parameter input: The encoded packet (consumed); `presentationOffset` is added to its timestamps.
    public func write(_ input: Packet) throws {
        if case .parameterSets(let isHEVC, let lengthSize) = headerWait {
            try writeHeader(from: input, isHEVC: isHEVC, lengthSize: lengthSize)
        }
        let packet =
            rewritesAnnexB
            ? try input.lengthPrefixedCopy()
            : try rewritesToAnnexB.map { try input.annexBCopy(lengthSize: $0) }
                ?? (stripsADTS ? input.droppingADTSHeader() : input)
        let startsSegment = !segmentHasPackets
        let isKeyframe = packet.isKeyframe
        let size = packet.size
        packet.rescale(from: encoderTimeBase, to: timeBase)
        if let pts = packet.pts { packet.pts = pts + presentationOffset }
        if let dts = packet.dts { packet.dts = dts + presentationOffset }
        packet.pointer.pointee.stream_index = 0
        try check(av_write_frame(context, packet.pointer), "mux packet")
        segmentHasPackets = true
        if startsSegment {
            firstSample = isKeyframe ? size : nil
            if isKeyframe && format == .ts {
                // TS packets of the keyframe are written at once: everything so far is its range.
                firstSampleEnd = io.flushedCount()
            }
        }
    }

    /// Ticks of `timeBase` the container adds to every timestamp on top of `presentationOffset`:
    /// the MPEG-TS muxer shifts by its `max_delay` (0 unless set, as here) unless timestamps are
    /// copied; fMP4 adds nothing. HLS subtitle `X-TIMESTAMP-MAP` values account for it.
    var timestampShift: Int64 {
        guard format == .ts else { return 0 }
        let delay = av_rescale(Int64(context.pointee.max_delay), 90_000, Int64(AV_TIME_BASE))
        return rescale(max(delay, 0), from: Rational(1, 90_000), to: timeBase)
    }

    /// Where a reader of the segments finds presentation time zero, in ticks of `timeBase`: 0 in fMP4,
    /// whose header's edit list maps the offset back to zero; the offset plus the muxer's own shift
    /// in MPEG-TS, whose timestamps are read as they are. HLS `X-TIMESTAMP-MAP` values are this.
    public var presentationZero: Int64 {
        format == .fmp4 ? 0 : presentationOffset + timestampShift
    }

    /// Ends the current segment.
    /// - Returns: Its bytes (one `[moof mdat]` fragment for fMP4, TS packets for MPEG-TS) and where
    ///   its first keyframe lies.
    public func cut() throws -> MuxedSegment {
        // A header still waiting has had no packet: nothing to flush.
        if headerWait != nil && !segmentHasPackets { return MuxedSegment(bytes: Data()) }
        var header = lateInitSegment
        lateInitSegment = nil
        if headerWait == .firstFrames {
            // With delay_moov the first flush writes only ftyp+moov; the next one the fragment.
            try check(av_write_frame(context, nil), "write \(format) header")
            let bytes = [UInt8](io.take())
            guard EditList.hasMovie(bytes) else {
                throw MediaError(
                    .invalidData, "muxer", "\(codecName): no header from the first frames (are they \(codecName)?)")
            }
            header = try EditList.starting(at: presentationOffset, in: bytes)
            io.passesWritesThrough = true
            headerWait = nil
        }
        try check(av_write_frame(context, nil), "flush segment")
        let bytes = io.take()
        let range = keyframeRange(in: bytes)
        segmentHasPackets = false
        firstSample = nil
        firstSampleEnd = nil
        if format == .ts, let priv = context.pointee.priv_data {
            // Every TS segment starts with its own PAT and PMT.
            av_opt_set(priv, "mpegts_flags", "+resend_headers", 0)
        }
        return MuxedSegment(bytes: bytes, keyframeRange: range, initSegment: header)
    }

    /// Ends the last segment and closes the container.
    /// - Returns: The last segment.
    /// - Throws: `MediaError` also when the header still waits for frames that never came.
    public func finish() throws -> MuxedSegment {
        if headerWait != nil && !segmentHasPackets {
            throw MediaError(
                .invalidData, "muxer", "\(codecName): no frame to write the header from (the stream has no packets)")
        }
        var last = try cut()
        if headerWritten { try check(av_write_trailer(context), "write trailer") }
        let trailer = io.take()
        if format == .ts { last.bytes += trailer }
        return last
    }

    /// The byte range of a segment's first keyframe: for fMP4 from the `moof` to the end of the
    /// first sample in `mdat`; for TS from the start to the end of the keyframe's packets.
    private func keyframeRange(in bytes: Data) -> Range<Int>? {
        guard let firstSample else { return nil }
        if format == .ts { return firstSampleEnd.map { 0..<min($0, bytes.count) } }
        func box(at offset: Int) -> (size: Int, type: String, header: Int)? {
            guard offset + 8 <= bytes.count else { return nil }
            var size = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            var header = 8
            if size == 1, offset + 16 <= bytes.count {
                size = bytes[offset + 8..<offset + 16].reduce(0) { $0 << 8 | Int($1) }
                header = 16
            }
            return (size, type, header)
        }
        guard let moof = box(at: 0), moof.type == "moof", let mdat = box(at: moof.size), mdat.type == "mdat" else {
            return nil
        }
        let end = moof.size + mdat.header + firstSample
        return end <= bytes.count ? 0..<end : nil
    }
}

/// One segment as the muxer produced it.
public struct MuxedSegment: Sendable {
    /// The segment's bytes, handed on as they are (the output writes this very buffer).
    public var bytes: Data
    /// Where the segment's first keyframe lies (for I-frame playlists), when it starts with one.
    public var keyframeRange: Range<Int>?
    /// The fMP4 init segment, on the first segment of a track whose header needed its first
    /// frames (`start` returned nil).
    public var initSegment: [UInt8]?

    init(bytes: Data, keyframeRange: Range<Int>? = nil, initSegment: [UInt8]? = nil) {
        self.bytes = bytes
        self.keyframeRange = keyframeRange
        self.initSegment = initSegment
    }
}

/// What an fMP4 header waits for before it can be written.
private enum HeaderWait: Equatable {
    /// AC-3 and E-AC-3: FFmpeg fills the `dac3`/`dec3` box from the frames it has muxed, and
    /// writes the header at the first cut (`delay_moov`).
    case firstFrames
    /// H.264/HEVC without parameter sets in the configuration: the first keyframe's in-band ones
    /// make the `avcC`/`hvcC` record (`lengthSize`: of the packets' NAL lengths, nil for Annex B).
    case parameterSets(isHEVC: Bool, lengthSize: Int?)
}

private func fourCC(_ text: String) -> UInt32 {
    let b = Array(text.utf8)
    return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
}
