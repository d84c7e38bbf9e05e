/// A synthetic test clip made in-process from libavfilter's `testsrc2` and `sine` sources.
///
/// `reel package --sample` packages one; the tests make many small ones with the properties
/// real uploads have (rotation, anamorphic pixels, interlacing, HDR tags, several audio
/// languages, variable frame rate).
public struct SampleClip: Sendable {
    /// One audio track of the clip.
    public struct AudioTrack: Sendable, Hashable {
        public var channels: Int
        /// ISO 639-2 language tag, e.g. `eng`.
        public var language: String?
        /// Tone frequency in Hz, so tracks are told apart.
        public var frequency: Int
        /// Length in seconds when it differs from the clip's.
        public var duration: Double?

        public init(channels: Int = 2, language: String? = "eng", frequency: Int = 440, duration: Double? = nil) {
            self.channels = channels
            self.language = language
            self.frequency = frequency
            self.duration = duration
        }
    }

    public var width = 1920
    public var height = 1080
    public var frameRate = Rational(30, 1)
    /// Length in seconds.
    public var duration: Double = 10
    /// Whether the clip has a video stream.
    public var hasVideo = true
    /// Audio tracks, in stream order; empty for none.
    public var audioTracks = [AudioTrack()]
    public var sampleRate = 48000
    /// Display-matrix rotation to record (0, 90, 180, 270).
    public var rotation = 0
    /// Video encoder (`libx264`, `libx265`, `mpeg2video`, …).
    public var videoEncoder = "libx264"
    public var pixelFormat = "yuv420p"
    /// Keyframe interval of the clip itself, in frames.
    public var gopSize = 60
    /// Colour tags (FFmpeg names), e.g. `bt2020` / `smpte2084` / `bt2020nc` for HDR10.
    public var colorPrimaries: String?
    public var colorTransfer: String?
    public var colorSpace: String?
    /// Encode as interlaced with this field order (`tt` or `bb`).
    public var fieldOrder: String?
    /// Sample aspect ratio to signal (anamorphic sources), e.g. 64:45.
    public var sampleAspectRatio = Rational(1, 1)
    /// Extra video filters after the source, e.g. a `select` that drops frames to make the clip
    /// variable-frame-rate.
    public var videoFilter: String?

    public init() {}

    /// Writes the clip to a file; the container follows the extension (`.mp4`, `.mkv`, `.ts`, …).
    /// - Parameter path: Where to write it.
    /// - Throws: `MediaError` when FFmpeg cannot generate, encode or write it.
    public func write(to path: String) throws {
        FFmpegLog.installIfNeeded()
        let muxer = try FileMuxer(path: path)
        var sources: [(graph: SourceGraph, encoder: Encoder, stream: Int, time: Double)] = []
        if hasVideo {
            var chain = "testsrc2=size=\(width)x\(height):rate=\(frameRate):duration=\(duration),format=\(pixelFormat)"
            if sampleAspectRatio != Rational(1, 1) { chain += ",setsar=\(sampleAspectRatio)" }
            if let videoFilter { chain += ",\(videoFilter)" }
            let graph = try SourceGraph(description: chain, audio: false)
            let encoder = try Encoder(videoSettings(timeBase: graph.timeBase))
            sources.append((graph, encoder, try muxer.addStream(encoder, sideData: rotation), 0))
        }
        for track in audioTracks {
            let layout = [1: "mono", 6: "5.1", 8: "7.1"][track.channels] ?? "stereo"
            var settings = EncoderSettings(encoderName: "aac", timeBase: Rational(1, sampleRate))
            settings.sampleRate = sampleRate
            settings.channels = track.channels
            settings.bitRate = 64_000 * track.channels
            let encoder = try Encoder(settings)
            let graph = try SourceGraph(
                description:
                    "sine=frequency=\(track.frequency):sample_rate=\(sampleRate):duration=\(track.duration ?? duration),"
                    + "aformat=sample_fmts=fltp:channel_layouts=\(layout)",
                audio: true, audioFrameSize: encoder.frameSize)
            let metadata = track.language.map { ["language": $0] } ?? [:]
            sources.append((graph, encoder, try muxer.addStream(encoder, metadata: metadata), 0))
        }
        try muxer.writeHeader()
        // Interleave by always advancing the stream that is furthest behind.
        while let next = sources.indices.filter({ sources[$0].time.isFinite }).min(by: {
            sources[$0].time < sources[$1].time
        }) {
            let source = sources[next]
            let frame = try source.graph.next()
            if let frame {
                sources[next].time = Double(frame.pts ?? 0) * source.graph.timeBase.value
                if source.stream == 0 && hasVideo { frame.requestKeyframe(false) }
            } else {
                sources[next].time = .infinity
            }
            for packet in try source.encoder.encode(frame) { try muxer.write(packet, stream: source.stream) }
        }
        try muxer.finish()
    }

    private func videoSettings(timeBase: Rational) -> EncoderSettings {
        var settings = EncoderSettings(encoderName: videoEncoder, timeBase: timeBase)
        settings.width = width
        settings.height = height
        settings.pixelFormat = pixelFormat
        settings.frameRate = frameRate
        settings.gopSize = gopSize
        settings.colorPrimaries = colorPrimaries
        settings.colorTransfer = colorTransfer
        settings.colorSpace = colorSpace
        settings.fieldOrder = fieldOrder
        settings.sampleAspectRatio = sampleAspectRatio
        switch videoEncoder {
        case "libx264":
            settings.options = ["preset": "ultrafast", "crf": "20"]
            if let order = fieldOrder {
                settings.options["x264-params"] = "interlaced=1:\(order == "bb" ? "bff" : "tff")=1"
            }
        case "libx265":
            settings.options = ["preset": "ultrafast", "x265-params": "log-level=error"]
        default:
            settings.bitRate = 2_000_000
        }
        return settings
    }
}
