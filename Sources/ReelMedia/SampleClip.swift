/// A synthetic test clip made in-process from libavfilter's `testsrc2` and `sine` sources.
public struct SampleClip: Sendable {
    public var width = 1920
    public var height = 1080
    public var frameRate = Rational(30, 1)
    /// Length in seconds.
    public var duration: Double = 10
    /// Whether the clip has a video stream.
    public var hasVideo = true
    /// Audio channels; 0 for no audio.
    public var audioChannels = 2
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

    public init() {}

    /// Writes the clip to a file; the container follows the extension (`.mp4`, `.mkv`, `.ts`, …).
    /// - Parameter path: Where to write it.
    /// - Throws: `MediaError` when FFmpeg cannot generate, encode or write it.
    public func write(to path: String) throws {
        FFmpegLog.installIfNeeded()
        let muxer = try FileMuxer(path: path)
        var video: (graph: SourceGraph, encoder: Encoder, stream: Int)?
        var audio: (graph: SourceGraph, encoder: Encoder, stream: Int)?
        if hasVideo {
            let graph = try SourceGraph(
                description: "testsrc2=size=\(width)x\(height):rate=\(frameRate):duration=\(duration),format=\(pixelFormat)"
                    + (sampleAspectRatio == Rational(1, 1) ? "" : ",setsar=\(sampleAspectRatio)"),
                audio: false)
            var settings = EncoderSettings(encoderName: videoEncoder, timeBase: graph.timeBase)
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
            if videoEncoder == "libx264" { settings.options = ["preset": "ultrafast", "crf": "20"] }
            if videoEncoder == "libx264", let order = fieldOrder {
                settings.options["x264-params"] = "interlaced=1:\(order == "bb" ? "bff" : "tff")=1"
            }
            if videoEncoder == "libx265" { settings.options = ["preset": "ultrafast", "x265-params": "log-level=error"] }
            let encoder = try Encoder(settings)
            video = (graph, encoder, try muxer.addStream(encoder, sideData: rotation))
        }
        if audioChannels > 0 {
            let layout = audioChannels == 6 ? "5.1" : audioChannels == 1 ? "mono" : "stereo"
            var settings = EncoderSettings(encoderName: "aac", timeBase: Rational(1, sampleRate))
            settings.sampleRate = sampleRate
            settings.channels = audioChannels
            settings.bitRate = 128_000
            let encoder = try Encoder(settings)
            let graph = try SourceGraph(
                description: "sine=frequency=440:sample_rate=\(sampleRate):duration=\(duration),"
                    + "aformat=sample_fmts=fltp:channel_layouts=\(layout)",
                audio: true, audioFrameSize: encoder.frameSize)
            audio = (graph, encoder, try muxer.addStream(encoder, metadata: ["language": "eng"]))
        }
        try muxer.writeHeader()
        // Interleave by generating whichever stream is behind.
        var videoTime = hasVideo ? 0.0 : .infinity
        var audioTime = audioChannels > 0 ? 0.0 : .infinity
        while videoTime.isFinite || audioTime.isFinite {
            if videoTime <= audioTime, let v = video {
                let frame = try v.graph.next()
                if let frame { videoTime = Double(frame.pts ?? 0) * v.graph.timeBase.value } else { videoTime = .infinity }
                frame?.requestKeyframe(false)
                for packet in try v.encoder.encode(frame) { try muxer.write(packet, stream: v.stream) }
            } else if let a = audio {
                let frame = try a.graph.next()
                if let frame { audioTime = Double(frame.pts ?? 0) * a.graph.timeBase.value } else { audioTime = .infinity }
                for packet in try a.encoder.encode(frame) { try muxer.write(packet, stream: a.stream) }
            }
        }
        try muxer.finish()
    }
}
