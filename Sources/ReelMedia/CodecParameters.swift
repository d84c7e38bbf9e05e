import CFFmpeg
public import ReelManifest

/// What a muxer needs to know of an encoded stream (codec, configuration record, picture size,
/// sample rate, channels), taken from an encoder or copied from a source stream, so that a stream
/// already encoded can be packaged without decoding it.
///
/// ```swift
/// let video = try CodecParameters(demuxer: demuxer, stream: 0)
/// video.codecString    // "avc1.64001f"
/// let muxer = try SegmentMuxer(codec: video, format: .fmp4, timescale: 90_000)
/// ```
public final class CodecParameters: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<AVCodecParameters>
    /// The time base of the stream's packets.
    public let timeBase: Rational

    private init(copying source: UnsafePointer<AVCodecParameters>, timeBase: Rational) throws {
        guard let copy = avcodec_parameters_alloc() else {
            throw MediaError(.other, "codec parameters", "out of memory")
        }
        let code = avcodec_parameters_copy(copy, source)
        guard code >= 0 else {
            var p: UnsafeMutablePointer<AVCodecParameters>? = copy
            avcodec_parameters_free(&p)
            throw MediaError(code: code, operation: "copy codec parameters")
        }
        pointer = copy
        self.timeBase = timeBase
    }

    /// The parameters of what an encoder produces.
    public convenience init(encoder: Encoder) throws {
        guard let parameters = avcodec_parameters_alloc() else {
            throw MediaError(.other, "codec parameters", "out of memory")
        }
        defer {
            var p: UnsafeMutablePointer<AVCodecParameters>? = parameters
            avcodec_parameters_free(&p)
        }
        try check(avcodec_parameters_from_context(parameters, encoder.context), "encoder parameters")
        try self.init(copying: parameters, timeBase: encoder.settings.timeBase)
    }

    /// The parameters of a source stream, to copy its packets as they are.
    /// - Parameters:
    ///   - demuxer: The open source.
    ///   - stream: The stream's index.
    public convenience init(demuxer: Demuxer, stream: Int) throws {
        let avStream = demuxer.context.pointee.streams[stream]!
        try self.init(copying: avStream.pointee.codecpar, timeBase: Rational(avStream.pointee.time_base))
        // The source container's tag (avc3, hev1, mp4a in a TS…) says nothing about how Reel writes it.
        pointer.pointee.codec_tag = 0
        if pointer.pointee.codec_id == AV_CODEC_ID_AAC && pointer.pointee.extradata_size == 0,
            let config = audioSpecificConfig
        {
            // ADTS (MPEG-TS, raw .aac) carries its configuration in every frame header; MP4 needs it
            // up front. The muxer strips the ADTS headers from the packets itself.
            Self.replaceExtradata(of: pointer, with: config)
        }
    }

    /// An AAC AudioSpecificConfig from the stream's profile, sample rate and channels (ISO/IEC
    /// 14496-3 §1.6.2.1), for sources whose frames carry it in ADTS headers.
    private var audioSpecificConfig: [UInt8]? {
        let rates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350]
        guard let rateIndex = rates.firstIndex(of: Int(pointer.pointee.sample_rate)) else { return nil }
        let channels = Int(pointer.pointee.ch_layout.nb_channels)
        guard (1...8).contains(channels) else { return nil }
        let channelConfig = channels == 8 ? 7 : channels
        // FFmpeg's AAC profiles are the audio object type minus one (LC = 1 → object type 2).
        let profile = Int(pointer.pointee.profile)
        let objectType = profile >= 0 && profile < 31 ? profile + 1 : 2
        let bits = objectType << 11 | rateIndex << 7 | channelConfig << 3
        return [UInt8(bits >> 8), UInt8(bits & 0xFF)]
    }

    /// Replaces a stream's configuration record with `bytes` (padded as FFmpeg requires).
    static func replaceExtradata(of par: UnsafeMutablePointer<AVCodecParameters>, with bytes: [UInt8]) {
        av_freep(&par.pointee.extradata)
        let padding = Int(AV_INPUT_BUFFER_PADDING_SIZE)
        guard let buffer = av_mallocz(bytes.count + padding)?.assumingMemoryBound(to: UInt8.self) else { return }
        buffer.update(from: bytes, count: bytes.count)
        par.pointee.extradata = buffer
        par.pointee.extradata_size = Int32(bytes.count)
    }

    deinit {
        var p: UnsafeMutablePointer<AVCodecParameters>? = pointer
        avcodec_parameters_free(&p)
    }

    /// FFmpeg's codec name: `h264`, `hevc`, `aac`, `ac3`, `eac3`, …
    var codecName: String { String(cString: avcodec_get_name(pointer.pointee.codec_id)) }

    /// The out-of-band configuration: an ISO BMFF record (avcC, hvcC, AudioSpecificConfig) or
    /// Annex B parameter sets.
    var extradata: [UInt8] {
        guard let data = pointer.pointee.extradata, pointer.pointee.extradata_size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(pointer.pointee.extradata_size)))
    }

    /// An audio stream's speakers as a channel mask (FFmpeg's native layout bits, which are
    /// WAVEFORMATEXTENSIBLE's), nil when its layout names no positions.
    public var channelMask: UInt64? {
        let layout = pointer.pointee.ch_layout
        guard layout.order == AV_CHANNEL_ORDER_NATIVE, layout.nb_channels > 0 else { return nil }
        return layout.u.mask
    }

    /// RFC 6381 codec string, e.g. `avc1.64001f`, `hvc1.1.6.L93.B0`, `mp4a.40.2`, `ac-3`.
    public var codecString: String { CodecString.make(codec: codecName, extradata: extradata) }

    /// Whether the video's configuration is in Annex B form (start codes), as MPEG-TS sources and
    /// libx264 give it, rather than an ISO BMFF record.
    var isAnnexB: Bool {
        let data = extradata
        return data.count > 4 && data[0] == 0 && data[1] == 0 && (data[2] == 1 || (data[2] == 0 && data[3] == 1))
    }

    /// The size of the NAL unit lengths in an H.264 or HEVC stream's packets, from its ISO BMFF
    /// record (`avcC`, `hvcC`); nil when the packets are in Annex B (start codes, no record).
    var nalLengthSize: Int? {
        let data = extradata
        guard data.first == 1 else { return nil }
        switch pointer.pointee.codec_id {
        case AV_CODEC_ID_H264: return data.count > 4 ? Int(data[4] & 0x03) + 1 : nil
        case AV_CODEC_ID_HEVC: return data.count > 21 ? Int(data[21] & 0x03) + 1 : nil
        default: return nil
        }
    }

    /// Whether the H.264 or HEVC configuration carries parameter sets (an `avc3`/`hev1` source may
    /// keep them only in the stream, which players of `avc1`/`hvc1` do not read).
    var hasParameterSets: Bool {
        let data = extradata
        guard !data.isEmpty else { return false }
        let isHEVC = pointer.pointee.codec_id == AV_CODEC_ID_HEVC
        if isAnnexB { return InBandParameterSets(keyframe: data, isHEVC: isHEVC, lengthSize: nil) != nil }
        switch pointer.pointee.codec_id {
        case AV_CODEC_ID_H264: return data.count > 6 && data[5] & 0x1F > 0
        case AV_CODEC_ID_HEVC: return data.count > 22 && data[22] > 0
        default: return true
        }
    }
}
