public import ReelManifest

/// What kind of elementary stream a source stream is.
public enum StreamKind: String, Sendable, Codable {
    case video
    case audio
    case subtitle
    case data
    case attachment
    case unknown
}

/// Facts about one stream of a source, as the demuxer and codec parameters report them.
public struct StreamInfo: Sendable {
    /// Index of the stream in the container.
    public var index: Int
    public var kind: StreamKind
    /// FFmpeg's codec name (`h264`, `aac`, …), `none` when unknown.
    public var codecName: String
    /// Codec profile name, when known.
    public var profile: String?
    /// Codec level as the bitstream codes it (H.264: 10 × level, `41` for 4.1; HEVC: 30 × level,
    /// `123` for 4.1), when known.
    public var level: Int?
    public var timeBase: Rational
    /// First presentation time in seconds, when known.
    public var startTime: Double?
    /// Duration in seconds, when known.
    public var duration: Double?
    /// Average bit rate in bits per second, when known.
    public var bitRate: Int?
    /// ISO 639 language from the container's metadata, when present.
    public var language: String?
    /// Track title from the container's metadata, when present.
    public var title: String?
    /// Whether the container marks the stream as default.
    public var isDefault: Bool
    /// Whether the stream is an attached picture (cover art), not a moving stream.
    public var isAttachedPicture: Bool
    /// Whether FFmpeg has a decoder for the codec.
    var hasDecoder = false

    // Subtitles
    /// Whether the codec carries text (SubRip, ASS, WebVTT, mov_text, …).
    var isTextSubtitle = false
    /// Whether the codec carries pictures (PGS, VobSub, DVB).
    public var isBitmapSubtitle = false
    /// Whether the container marks the track as forced (shown only for foreign dialogue or signs).
    public var isForced = false
    /// Whether the container marks the track for the hearing impaired.
    public var isHearingImpaired = false

    // Video
    public var width: Int = 0
    public var height: Int = 0
    /// Sample (pixel) aspect ratio; 0/1 when unknown.
    public var sampleAspectRatio = Rational(0, 1)
    /// Average frame rate; 0/0 when unknown.
    public var frameRate = Rational(0, 0)
    /// The base frame rate (the finest rate all timestamps fall on); 0/0 when unknown.
    public var baseFrameRate = Rational(0, 0)
    /// Clockwise rotation in degrees needed to display the picture upright (0, 90, 180, 270).
    public var rotation: Int = 0
    /// Pixel format name (`yuv420p`, `yuv420p10le`, …).
    public var pixelFormat: String?
    /// Field order: `progressive`, `tt`, `bb`, `tb`, `bt`, or nil when unknown.
    public var fieldOrder: String?
    /// Transfer characteristic name (`bt709`, `smpte2084`, `arib-std-b67`, …).
    public var colorTransfer: String?
    /// Colour primaries name (`bt709`, `bt2020`, …).
    public var colorPrimaries: String?
    /// Colour matrix name (`bt709`, `bt2020nc`, …).
    public var colorSpace: String?
    /// `tv` (limited) or `pc` (full), when known.
    public var colorRange: String?

    // Audio
    public var sampleRate: Int = 0
    public var channels: Int = 0
    /// Channel layout description (`stereo`, `5.1(side)`, …).
    public var channelLayout: String?
}
