/// What kind of media a rendition carries.
public enum MediaKind: String, Sendable, Codable, Equatable {
    case video
    case audio
    case subtitles
}

/// The container of a rendition's segments.
public enum SegmentContainer: String, Sendable, Codable, Equatable, CaseIterable {
    /// CMAF fragmented MP4: an `init.mp4` plus `[moof mdat]` segments.
    case fmp4
    /// MPEG transport stream segments (legacy HLS).
    case ts
    /// Segmented WebVTT text.
    case webvtt
}

/// The dynamic range of a video rendition, as HLS `VIDEO-RANGE` names it.
public enum VideoRange: String, Sendable, Codable, Equatable {
    case sdr = "SDR"
    case pq = "PQ"
    case hlg = "HLG"
}

/// A byte range inside a file.
public struct ByteRange: Sendable, Codable, Equatable, Hashable {
    public var offset: Int
    public var length: Int

    public init(offset: Int, length: Int) {
        self.offset = offset
        self.length = length
    }
}

/// Measured facts about one written media segment.
public struct SegmentFact: Sendable, Codable, Equatable {
    /// The segment's number, starting at 1.
    public var number: Int
    /// The file name inside the rendition's directory, e.g. `seg_00001.m4s`.
    public var fileName: String
    /// Earliest presentation time, in the rendition's timescale.
    public var startTime: Int64
    /// Presentation duration, in the rendition's timescale.
    public var duration: Int64
    /// The segment's size in bytes.
    public var byteSize: Int
    /// Where the segment's first keyframe lies in the file (for I-frame playlists), if known. For fMP4 the
    /// range should start at the segment's `moof` and end after the keyframe's sample data, so that the range
    /// alone (with the init segment) decodes.
    var keyframeRange: ByteRange?
    /// Whether the segment starts with an open GOP: its keyframe (an HEVC CRA) has leading
    /// pictures, decoded after it but shown before it, that need the segment before. A player
    /// starting at such a segment decodes from its keyframe and skips them: DASH calls that SAP
    /// type 3. HLS has no such distinction; the segment still starts at a random access point.
    public var startsWithOpenGOP: Bool

    public init(
        number: Int, fileName: String, startTime: Int64, duration: Int64, byteSize: Int,
        keyframeRange: ByteRange? = nil, startsWithOpenGOP: Bool = false
    ) {
        self.number = number
        self.fileName = fileName
        self.startTime = startTime
        self.duration = duration
        self.byteSize = byteSize
        self.keyframeRange = keyframeRange
        self.startsWithOpenGOP = startsWithOpenGOP
    }
}

/// Video-specific facts of a rendition.
public struct VideoFacts: Sendable, Codable, Equatable {
    public var width: Int
    public var height: Int
    public var frameRate: Rational
    /// Sample aspect ratio as `num:den` (square pixels are `1:1`).
    var sampleAspectRatio: String
    var range: VideoRange
    /// CEA-608 captions carried in the bitstream, nil when the rendition has none.
    public var closedCaptions: ClosedCaptionFacts?

    public init(
        width: Int, height: Int, frameRate: Rational, sampleAspectRatio: String = "1:1",
        range: VideoRange = .sdr, closedCaptions: ClosedCaptionFacts? = nil
    ) {
        self.width = width
        self.height = height
        self.frameRate = frameRate
        self.sampleAspectRatio = sampleAspectRatio
        self.range = range
        self.closedCaptions = closedCaptions
    }
}

/// Audio-specific facts of a rendition.
public struct AudioFacts: Sendable, Codable, Equatable {
    var sampleRate: Int
    var channels: Int
    /// BCP 47 / ISO 639 language code, or nil when unknown.
    var language: String?
    /// Human-readable name shown by players (HLS `NAME`).
    var name: String
    /// Whether players should pick this rendition by default.
    var isDefault: Bool
    /// The encoder's target bit rate in bits per second, if known. Only used to tell apart and label
    /// renditions of one language at different bit rates (HLS group ids like `audio-aac-2ch-128k`);
    /// every declared bandwidth is measured.
    var nominalBitrate: Int?
    /// Where the channels' speakers are, as a WAVEFORMATEXTENSIBLE channel mask (the bits FFmpeg's
    /// native layouts use: front left 0x1, front right 0x2, front centre 0x4, LFE 0x8, back
    /// left/right 0x10/0x20, side left/right 0x200/0x400, …), when the stream's layout says.
    var channelMask: UInt64?

    public init(
        sampleRate: Int, channels: Int, language: String?, name: String, isDefault: Bool,
        nominalBitrate: Int? = nil, channelMask: UInt64? = nil
    ) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.language = language
        self.name = name
        self.isDefault = isDefault
        self.nominalBitrate = nominalBitrate
        self.channelMask = channelMask
    }
}

/// Everything the manifest writers know about one rendition: measured, never nominal.
public struct RenditionFacts: Sendable, Codable, Equatable {
    /// Stable identifier and directory name, e.g. `v720p` or `a128k`.
    public var id: String
    public var kind: MediaKind
    /// RFC 6381 codec string from the encoder's extradata, e.g. `avc1.64001f` or `mp4a.40.2`.
    public var codecs: String
    public var container: SegmentContainer
    /// Ticks per second of `startTime` and `duration` in the segments.
    public var timescale: Int64
    /// Media time (in `timescale`) that corresponds to presentation time zero.
    var presentationTimeOffset: Int64
    /// Init segment file name inside the rendition directory (`init.mp4`), nil for TS/WebVTT.
    public var initFileName: String?
    public var segments: [SegmentFact]
    public var video: VideoFacts?
    public var audio: AudioFacts?
    /// Subtitle-specific facts (language, name), for `kind == .subtitles`.
    var subtitles: SubtitleFacts?
    /// How the segments are protected; nil when they are clear.
    public var protection: ProtectionFacts?

    public init(
        id: String, kind: MediaKind, codecs: String, container: SegmentContainer, timescale: Int64,
        presentationTimeOffset: Int64 = 0, initFileName: String?, segments: [SegmentFact],
        video: VideoFacts? = nil, audio: AudioFacts? = nil, subtitles: SubtitleFacts? = nil,
        protection: ProtectionFacts? = nil
    ) {
        self.id = id
        self.kind = kind
        self.codecs = codecs
        self.container = container
        self.timescale = timescale
        self.presentationTimeOffset = presentationTimeOffset
        self.initFileName = initFileName
        self.segments = segments
        self.video = video
        self.audio = audio
        self.subtitles = subtitles
        self.protection = protection
    }
}

/// The facts of a whole package: every rendition, the image (thumbnail) tracks and the nominal
/// segment length.
public struct PackageFacts: Sendable, Codable, Equatable {
    public var renditions: [RenditionFacts]
    /// Trick-play thumbnail tracks (JPEG sheets of tiles), listed beside the renditions.
    public var images: [ImageTrackFacts]
    /// The nominal segment duration in seconds (e.g. 6).
    var segmentDuration: Double
    /// Presentation duration in seconds.
    public var duration: Double
    /// Ad breaks, in time order: DASH Periods start at them, HLS media playlists mark them.
    public var cuePoints: [CuePoint]
    /// The wall-clock instant of presentation time zero (milliseconds since 1970, UTC), which
    /// HLS `EXT-X-PROGRAM-DATE-TIME` and the breaks' `START-DATE` count from; used with cue points.
    public var programStart: Int64

    public init(
        renditions: [RenditionFacts], images: [ImageTrackFacts] = [], segmentDuration: Double, duration: Double,
        cuePoints: [CuePoint] = [], programStart: Int64 = 0
    ) {
        self.renditions = renditions
        self.images = images
        self.segmentDuration = segmentDuration
        self.duration = duration
        self.cuePoints = cuePoints
        self.programStart = programStart
    }
}
