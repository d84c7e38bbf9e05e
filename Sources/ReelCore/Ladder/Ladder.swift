/// A ladder preset: the renditions to build from one source and how to encode them.
///
/// Presets live as YAML files in `ladders/` and are loaded by `LadderLoader`.
public struct Ladder: Sendable, Equatable, Codable {
    /// The preset's name (`web`, `apple-avc`, …).
    public var name: String
    /// One line for `reel ladders`.
    public var summary: String
    /// Nominal segment length in seconds; every segment but the last has this length.
    public var segmentDuration: Double
    /// Keyframe (IDR) interval in seconds; `segmentDuration` is a whole multiple of it.
    public var keyframeInterval: Double
    /// Encoder settings shared by every video rung; nil for audio-only ladders.
    public var video: VideoEncoderSettings?
    /// Video rungs, in the order the file lists them.
    public var rungs: [VideoRung]
    /// Audio renditions; at least one for ladders without video.
    public var audio: [AudioRendition]
    /// When set, `rungs` are candidate sizes and each source gets its own ladder from trial
    /// encodes (`PerTitleSettings`).
    public var perTitle: PerTitleSettings?

    init(
        name: String, summary: String = "", segmentDuration: Double = 6, keyframeInterval: Double = 2,
        video: VideoEncoderSettings?, rungs: [VideoRung], audio: [AudioRendition]
    ) {
        self.name = name
        self.summary = summary
        self.segmentDuration = segmentDuration
        self.keyframeInterval = keyframeInterval
        self.video = video
        self.rungs = rungs
        self.audio = audio
    }
}

/// A video codec Reel can encode.
public enum VideoCodec: String, Sendable, Codable, Equatable, CaseIterable {
    case h264
    case hevc

    /// The FFmpeg encoder that produces it.
    public var encoderName: String {
        switch self {
        case .h264: "libx264"
        case .hevc: "libx265"
        }
    }

    /// The encoder's speed presets, fastest first (x264 and x265 share the names).
    var presets: [String] {
        ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo"]
    }

    /// The profiles a ladder may ask for: those HLS and DASH players decode, 4:2:0 only.
    var profiles: [String] {
        switch self {
        case .h264: ["baseline", "main", "high", "high10"]
        case .hevc: ["main", "main10"]
        }
    }

    /// The output pixel formats a ladder may ask for: 8- or 10-bit 4:2:0.
    var pixelFormats: [String] { ["yuv420p", "yuv420p10le"] }

    /// The profiles that can carry `pixelFormat`: 8-bit profiles for `yuv420p`, 10-bit ones for `yuv420p10le`.
    ///
    /// - Parameter pixelFormat: One of `pixelFormats`.
    /// - Returns: The matching profiles; empty for an unknown pixel format.
    func profiles(for pixelFormat: String) -> [String] {
        switch (self, pixelFormat) {
        case (.h264, "yuv420p"): ["baseline", "main", "high"]
        case (.h264, "yuv420p10le"): ["high10"]
        case (.hevc, "yuv420p"): ["main"]
        case (.hevc, "yuv420p10le"): ["main10"]
        default: []
        }
    }

    /// The encoder's `tune` values.
    var tunes: [String] {
        switch self {
        case .h264: ["film", "animation", "grain", "stillimage", "psnr", "ssim", "fastdecode", "zerolatency"]
        case .hevc: ["animation", "grain", "psnr", "ssim", "fastdecode", "zerolatency"]
        }
    }

    /// The codec's levels as written in presets (`4` and `4.0` are the same level).
    var levels: [String] {
        switch self {
        case .h264:
            [
                "1", "1b", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "3", "3.1", "3.2", "4", "4.1", "4.2", "5", "5.1",
                "5.2", "6", "6.1", "6.2",
            ]
        case .hevc: ["1", "2", "2.1", "3", "3.1", "4", "4.1", "5", "5.1", "5.2", "6", "6.1", "6.2"]
        }
    }
}

/// How a video encoder spends bits.
public enum RateControl: Sendable, Codable, Equatable {
    /// Target bitrate per rung, capped by the rung's maxrate/bufsize (VBV).
    case bitrate
    /// Constant rate factor, capped by the rung's maxrate/bufsize.
    case crf(Double)
}

/// Per-codec encoder settings shared by the rungs of a ladder.
public struct VideoEncoderSettings: Sendable, Codable, Equatable {
    public var codec: VideoCodec
    /// Encoder speed preset (`veryfast`, `medium`, …).
    public var preset: String
    /// Codec profile (`high`, `main`, `main10`, …); a rung may override it.
    public var profile: String?
    /// Codec level (`4.0`, `4.1`, …); a rung may override it.
    var level: String?
    /// Output pixel format (`yuv420p`, `yuv420p10le`).
    public var pixelFormat: String
    public var rateControl: RateControl
    /// Encoder threads per rung; 0 lets the encoder decide.
    var threads: Int
    /// Encoder tuning (`film`, `animation`, …), if any.
    var tune: String?
    /// Extra encoder parameters, passed as `x264-params` / `x265-params`.
    var parameters: [String: String]

    init(
        codec: VideoCodec = .h264, preset: String = "veryfast", profile: String? = "high",
        level: String? = nil, pixelFormat: String = "yuv420p", rateControl: RateControl = .bitrate,
        threads: Int = 0, tune: String? = nil, parameters: [String: String] = [:]
    ) {
        self.codec = codec
        self.preset = preset
        self.profile = profile
        self.level = level
        self.pixelFormat = pixelFormat
        self.rateControl = rateControl
        self.threads = threads
        self.tune = tune
        self.parameters = parameters
    }
}

/// One video rung of a ladder: a size and a bitrate.
public struct VideoRung: Sendable, Codable, Equatable {
    /// Unique within the ladder; the rendition directory is `v` + name (e.g. `v720p`).
    public var name: String
    /// Target width in pixels (landscape orientation); nil to derive from height.
    public var width: Int?
    /// Target height in pixels (landscape orientation); nil to derive from width.
    public var height: Int?
    /// Target average bitrate in bits per second.
    public var bitrate: Int
    /// VBV maximum rate in bits per second; nil for none.
    public var maxrate: Int?
    /// VBV buffer size in bits; nil for none.
    public var bufsize: Int?
    /// The rung's own CRF (capped by maxrate/bufsize) in place of the ladder's rate control;
    /// set by per-title analysis.
    public var crf: Double?
    /// Frame-rate cap; sources above it are reduced to it.
    public var maxFrameRate: Double?
    /// Overrides the ladder's profile for this rung.
    var profile: String?
    /// Overrides the ladder's level for this rung.
    var level: String?
    /// Whether the rung may be the source's video itself, copied instead of encoded.
    var passthrough: Passthrough = .never

    init(
        name: String, width: Int?, height: Int?, bitrate: Int, maxrate: Int? = nil,
        bufsize: Int? = nil, maxFrameRate: Double? = nil, profile: String? = nil, level: String? = nil,
        passthrough: Passthrough = .never
    ) {
        self.name = name
        self.width = width
        self.height = height
        self.bitrate = bitrate
        self.maxrate = maxrate
        self.bufsize = bufsize
        self.maxFrameRate = maxFrameRate
        self.profile = profile
        self.level = level
        self.passthrough = passthrough
    }
}

/// Whether a rung may be the source's own video (`passthrough:` in a preset).
///
/// ```yaml
/// - {name: 1080p, width: 1920, height: 1080, bitrate: 6000k, maxrate: 6420k, bufsize: 9000k, passthrough: auto}
/// ```
/// With `auto`, the source's video is copied into the rung, bit for bit, when it fits the rung
/// (`PassthroughCheck`): same codec, profile and level within the ladder's, the rung's size and
/// frame rate, bitrate within the rung's cap, and a keyframe at every segment instant. Otherwise
/// the rung is encoded as usual, and the run says why.
public enum Passthrough: String, Sendable, Codable, Equatable, CaseIterable {
    /// Always encode (the default).
    case never
    /// Copy the source's video when it fits the rung.
    case auto
}

/// An audio codec Reel can encode.
public enum AudioCodec: String, Sendable, Codable, Equatable, CaseIterable {
    case aac
    case ac3
    case eac3

    /// The FFmpeg encoder that produces it.
    var encoderName: String { rawValue }

    /// The sample rates FFmpeg's encoder accepts, in Hz.
    var sampleRates: [Int] {
        switch self {
        case .aac: [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000]
        case .ac3, .eac3: [32000, 44100, 48000]
        }
    }

    /// The most channels FFmpeg's encoder accepts (7.1 for AAC, 5.1 for AC-3 and E-AC-3).
    var maxChannels: Int {
        switch self {
        case .aac: 8
        case .ac3, .eac3: 6
        }
    }
}

/// One audio rendition of a ladder.
public struct AudioRendition: Sendable, Codable, Equatable {
    /// Unique within the ladder; the rendition directory is `a` + name (e.g. `a128k`).
    public var name: String
    public var codec: AudioCodec
    /// Bitrate in bits per second.
    public var bitrate: Int
    /// Output channels (2 for stereo, 6 for 5.1).
    public var channels: Int
    /// Output sample rate in Hz.
    public var sampleRate: Int
    /// The programme loudness to bring the audio to; nil leaves its level as it is.
    public var loudness: LoudnessTarget?

    init(
        name: String, codec: AudioCodec = .aac, bitrate: Int, channels: Int = 2, sampleRate: Int = 48000,
        loudness: LoudnessTarget? = nil
    ) {
        self.name = name
        self.codec = codec
        self.bitrate = bitrate
        self.channels = channels
        self.sampleRate = sampleRate
        self.loudness = loudness
    }
}
