public import ReelManifest

/// Everything needed to open an encoder. The packaging core fills this per rendition.
public struct EncoderSettings: Sendable {
    /// FFmpeg encoder name: `libx264`, `libx265`, `aac`, `ac3`, `eac3`.
    var encoderName: String
    /// Time base of the frames that will be sent.
    public var timeBase: Rational
    public var bitRate: Int?
    public var maxRate: Int?
    public var bufferSize: Int?
    public var threads: Int = 0
    /// Private options of the encoder (`preset`, `profile`, `x264-params`, `forced-idr`, …).
    public var options: [String: String] = [:]

    // Video
    public var width: Int = 0
    public var height: Int = 0
    public var pixelFormat: String = "yuv420p"
    public var frameRate = Rational(0, 0)
    var sampleAspectRatio = Rational(1, 1)
    /// Frames between keyframes the encoder may choose itself (forced IDRs come on top).
    public var gopSize: Int = 0
    /// Colour tags to write into the bitstream: primaries, transfer, matrix, range (`tv`/`pc`).
    public var colorPrimaries: String?
    public var colorTransfer: String?
    public var colorSpace: String?
    public var colorRange: String?
    /// Interlaced field order to signal (`tt` top field first, `bb` bottom field first); nil for progressive.
    var fieldOrder: String?

    // Audio
    public var sampleRate: Int = 0
    public var channels: Int = 0

    public init(encoderName: String, timeBase: Rational) {
        self.encoderName = encoderName
        self.timeBase = timeBase
    }
}
