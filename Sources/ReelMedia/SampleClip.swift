import ReelManifest

/// A synthetic test clip made in-process from libavfilter's `testsrc2` and `sine` sources.
///
/// `reel package --sample` packages one; the tests make many small ones with the properties
/// real uploads have (rotation, anamorphic pixels, interlacing, HDR tags, several audio
/// languages, variable frame rate).
public struct SampleClip: Sendable {
    /// One audio track of the clip.
    struct AudioTrack: Sendable, Hashable {
        var channels: Int
        /// ISO 639-2 language tag, e.g. `eng`.
        var language: String?
        /// Tone frequency in Hz, so tracks are told apart.
        var frequency: Int
        /// Length in seconds when it differs from the clip's.
        var duration: Double?

        init(channels: Int = 2, language: String? = "eng", frequency: Int = 440, duration: Double? = nil) {
            self.channels = channels
            self.language = language
            self.frequency = frequency
            self.duration = duration
        }
    }

    /// One cue of the clip's subtitle track.
    struct Subtitle: Sendable, Hashable {
        /// Start in seconds.
        var start: Double
        /// End in seconds.
        var end: Double
        /// The text; ASS override tags such as `{\an8}` or `{\i1}` are understood by the encoders.
        var text: String

        init(start: Double, end: Double, text: String) {
            self.start = start
            self.end = end
            self.text = text
        }
    }

    var width = 1920
    var height = 1080
    var frameRate = Rational(30, 1)
    /// Length in seconds.
    var duration: Double = 10
    /// Whether the clip has a video stream.
    var hasVideo = true
    /// Audio tracks, in stream order; empty for none.
    var audioTracks = [AudioTrack()]
    var sampleRate = 48000
    /// Display-matrix rotation to record (0, 90, 180, 270).
    var rotation = 0
    /// Video encoder (`libx264`, `libx265`, `mpeg2video`, …).
    var videoEncoder = "libx264"
    var pixelFormat = "yuv420p"
    /// Keyframe interval of the clip itself, in frames.
    var gopSize = 60
    /// Colour tags (FFmpeg names), e.g. `bt2020` / `smpte2084` / `bt2020nc` for HDR10.
    var colorPrimaries: String?
    var colorTransfer: String?
    var colorSpace: String?
    /// Encode as interlaced with this field order (`tt` or `bb`).
    var fieldOrder: String?
    /// Sample aspect ratio to signal (anamorphic sources), e.g. 64:45.
    var sampleAspectRatio = Rational(1, 1)
    /// Extra video filters after the source, e.g. a `select` that drops frames to make the clip
    /// variable-frame-rate.
    var videoFilter: String?
    /// Cues of a subtitle track; empty for none.
    var subtitles: [Subtitle] = []
    /// The subtitle track's encoder: `subrip` (Matroska), `mov_text` (MP4), `ass`, `webvtt`, or
    /// `dvdsub` for a bitmap track (each cue becomes a small picture).
    var subtitleCodec = "subrip"
    /// ISO 639-2 language of the subtitle track.
    var subtitleLanguage: String? = "eng"
    /// Whether the video frames carry CEA-608 captions (A/53 `cc_data`, written into the H.264
    /// stream by libx264's `a53cc`): a pop-on caption every two seconds.
    var closedCaptions = false

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
        var subtitleStream: (encoder: SampleSubtitleEncoder, index: Int)?
        if !subtitles.isEmpty {
            let encoder = try SampleSubtitleEncoder(encoderName: subtitleCodec, width: width, height: height)
            let metadata = subtitleLanguage.map { ["language": $0] } ?? [:]
            subtitleStream = (
                encoder, try muxer.addStream(codec: encoder.context, timeBase: encoder.timeBase, metadata: metadata)
            )
        }
        try muxer.writeHeader()
        if let subtitleStream {
            for cue in subtitles {
                try muxer.write(try subtitleStream.encoder.encode(cue), stream: subtitleStream.index)
            }
        }
        var videoFrames = 0
        // Interleave by always advancing the stream that is furthest behind.
        while let next = sources.indices.filter({ sources[$0].time.isFinite }).min(by: {
            sources[$0].time < sources[$1].time
        }) {
            let source = sources[next]
            let frame = try source.graph.next()
            if let frame {
                sources[next].time = Double(frame.pts ?? 0) * source.graph.timeBase.value
                if source.stream == 0 && hasVideo {
                    frame.requestKeyframe(false)
                    if closedCaptions {
                        frame.attachClosedCaptions(Self.captionData(frame: videoFrames, rate: frameRate))
                    }
                    videoFrames += 1
                }
            } else {
                sources[next].time = .infinity
            }
            for packet in try source.encoder.encode(frame) { try muxer.write(packet, stream: source.stream) }
        }
        try muxer.finish()
    }

    /// The A/53 `cc_data` of one frame: one CEA-608 byte pair on field 1 (channel CC1). Every two
    /// seconds a pop-on caption "REEL CC" is loaded and displayed; other frames carry padding.
    static func captionData(frame: Int, rate: Rational) -> [UInt8] {
        let period = max(1, Int((2 * rate.value).rounded()))
        let commands: [(UInt8, UInt8)] = [
            (0x14, 0x20), (0x14, 0x20), (0x14, 0x2E), (0x14, 0x2E), (0x52, 0x45), (0x45, 0x4C), (0x20, 0x43),
            (0x43, 0x00), (0x14, 0x2F), (0x14, 0x2F),
        ]
        let step = frame % period
        let pair = step < commands.count ? commands[step] : (0x00, 0x00)
        func parity(_ byte: UInt8) -> UInt8 { byte.nonzeroBitCount % 2 == 0 ? byte | 0x80 : byte }
        return [0xFC, parity(pair.0), parity(pair.1)]
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
