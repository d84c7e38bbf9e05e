import CFFmpeg

/// An owned decoded frame (video or audio). One owner at a time; `clone()` shares the pixel or
/// sample buffers by reference count, so fanning a frame out to several rungs copies nothing.
public final class Frame: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<AVFrame>

    init(taking pointer: UnsafeMutablePointer<AVFrame>) {
        self.pointer = pointer
    }

    init() {
        pointer = av_frame_alloc()
    }

    deinit {
        var p: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&p)
    }

    /// A new frame referencing the same buffers.
    public func clone() -> Frame {
        Frame(taking: av_frame_clone(pointer))
    }

    /// Presentation time in the frame's time base, nil when unknown.
    public var pts: Int64? {
        get { pointer.pointee.pts == reel_nopts_value() ? nil : pointer.pointee.pts }
        set { pointer.pointee.pts = newValue ?? reel_nopts_value() }
    }

    /// The decoder's best guess of the presentation time, nil when unknown.
    public var bestEffortTimestamp: Int64? {
        let value = pointer.pointee.best_effort_timestamp
        return value == reel_nopts_value() ? nil : value
    }

    /// Duration in the frame's time base, 0 when unknown.
    public var duration: Int64 { pointer.pointee.pkt_duration }

    /// Picture width in pixels (0 for audio).
    public var width: Int { Int(pointer.pointee.width) }
    /// Picture height in pixels (0 for audio).
    public var height: Int { Int(pointer.pointee.height) }
    /// The picture's pixel format (`yuv420p`, `yuv420p10le`, …), nil for audio or when unknown.
    public var pixelFormatName: String? {
        guard pointer.pointee.width > 0 else { return nil }
        return av_get_pix_fmt_name(AVPixelFormat(pointer.pointee.format)).map { String(cString: $0) }
    }
    /// Number of audio samples per channel.
    public var sampleCount: Int { Int(pointer.pointee.nb_samples) }
    /// Whether the decoder flagged the frame as corrupt.
    public var isCorrupt: Bool { pointer.pointee.flags & AV_FRAME_FLAG_CORRUPT != 0 }
    /// Whether the frame decoded without any error: not corrupt, and nothing concealed
    /// (`decode_error_flags` empty).
    public var isClean: Bool { !isCorrupt && pointer.pointee.decode_error_flags == 0 }
    /// Whether this frame is a key frame.
    public var isKeyframe: Bool { pointer.pointee.key_frame != 0 }
    /// Whether the picture type is I.
    var isIntraPicture: Bool { pointer.pointee.pict_type == AV_PICTURE_TYPE_I }

    /// Whether the frame carries CEA-608/708 closed-caption data (ATSC A/53 `cc_data`, exported by
    /// the H.264 and HEVC decoders from SEI and read back by libx264 with `a53cc`).
    public var hasClosedCaptions: Bool { av_frame_get_side_data(pointer, AV_FRAME_DATA_A53_CC) != nil }

    /// Attaches A/53 `cc_data` (3-byte constructs) to the frame, as a decoder would.
    /// - Parameter ccData: The caption bytes.
    func attachClosedCaptions(_ ccData: [UInt8]) {
        guard !ccData.isEmpty, let side = av_frame_new_side_data(pointer, AV_FRAME_DATA_A53_CC, ccData.count) else {
            return
        }
        side.pointee.data.update(from: ccData, count: ccData.count)
    }

    /// A silent audio frame with the same format as this one.
    /// - Parameter samples: Samples per channel.
    /// - Returns: The frame, or nil when this is not an audio frame or allocation fails.
    public func silence(samples: Int) -> Frame? {
        let frame = Frame()
        frame.pointer.pointee.format = pointer.pointee.format
        frame.pointer.pointee.sample_rate = pointer.pointee.sample_rate
        frame.pointer.pointee.nb_samples = Int32(samples)
        guard av_channel_layout_copy(&frame.pointer.pointee.ch_layout, &pointer.pointee.ch_layout) >= 0,
            av_frame_get_buffer(frame.pointer, 0) >= 0
        else { return nil }
        av_samples_set_silence(
            frame.pointer.pointee.extended_data, 0, Int32(samples), frame.pointer.pointee.ch_layout.nb_channels,
            AVSampleFormat(frame.pointer.pointee.format))
        return frame
    }

    /// Asks the encoder to make this frame an IDR (`true`) or leave the choice to it (`false`).
    /// Decoded frames carry their source picture type, which encoders obey, so always set this.
    public func requestKeyframe(_ forced: Bool) {
        pointer.pointee.pict_type = forced ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE
        pointer.pointee.key_frame = forced ? 1 : 0
    }
}
