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

    public var width: Int { Int(pointer.pointee.width) }
    public var height: Int { Int(pointer.pointee.height) }
    /// Number of audio samples per channel.
    public var sampleCount: Int { Int(pointer.pointee.nb_samples) }
    /// Whether the decoder flagged the frame as corrupt.
    public var isCorrupt: Bool { pointer.pointee.flags & AV_FRAME_FLAG_CORRUPT != 0 }
    /// Whether this frame is a key frame.
    public var isKeyframe: Bool { pointer.pointee.key_frame != 0 }
    /// Whether the picture type is I.
    public var isIntraPicture: Bool { pointer.pointee.pict_type == AV_PICTURE_TYPE_I }

    /// Asks the encoder to make this frame an IDR (`true`) or leave the choice to it (`false`).
    /// Decoded frames carry their source picture type, which encoders obey, so always set this.
    public func requestKeyframe(_ forced: Bool) {
        pointer.pointee.pict_type = forced ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE
        pointer.pointee.key_frame = forced ? 1 : 0
    }
}
