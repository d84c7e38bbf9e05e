import ReelManifest
import ReelMedia

/// The head of the packaging chain: reads the source once and decodes each used stream once,
/// handing every decoded frame to the steps attached for its stream.
final class SourceReader: @unchecked Sendable {
    let demuxer: Demuxer
    let video: Decoder?
    let audio: [Decoder]
    /// Presentation time zero of the package, in seconds of the source's timeline.
    let startTime: Double
    private let videoOutput = FrameFanOut()
    /// Receives the video's packets as the source holds them (a passthrough rung).
    private var videoPackets: (any MediaHandler<Packet>)?
    private var audioOutputs: [Int: FrameFanOut] = [:]
    /// When set, video frames are given evenly spaced timestamps this many time-base ticks apart.
    var videoRetiming: Int64?
    /// Follows the decoded video, for audio renditions to end with it.
    let videoClock = VideoClock()
    private(set) var decodeErrors = 0
    /// Video frames before the first keyframe, which are not packaged.
    private(set) var skippedLeadingFrames = 0
    private var seenKeyframe = false
    private var sawVideoPacket = false
    private(set) var videoFrames = 0
    private(set) var audioFrames = 0
    /// Frames that decoded without any error (nothing corrupt or concealed).
    private(set) var cleanVideoFrames = 0
    private(set) var cleanAudioFrames = 0

    /// Text subtitle streams, decoded as their packets go by.
    let subtitles: [EmbeddedSubtitleCollector]
    /// Decoded video frames that carried closed-caption data.
    private(set) var closedCaptionFrames = 0

    init(demuxer: Demuxer, video: Decoder?, audio: [Decoder], subtitles: [EmbeddedSubtitleCollector] = []) {
        self.demuxer = demuxer
        self.video = video
        self.audio = audio
        self.subtitles = subtitles
        let starts = ([video?.stream.startTime] + audio.map(\.stream.startTime)).compactMap { $0 }
        startTime = starts.min() ?? demuxer.startTime ?? 0
        var used = Set(audio.map(\.stream.index) + subtitles.map(\.streamIndex))
        if let video { used.insert(video.stream.index) }
        demuxer.discardAll(except: used)
    }

    /// Adds a step that receives the decoded video frames.
    func attach(video next: any MediaHandler<Frame>) { videoOutput.attach(next) }

    /// Sets the step that receives the video's packets before they are decoded (a copy of each).
    func attach(videoPackets next: any MediaHandler<Packet>) { videoPackets = next }

    /// Adds a step that receives the decoded frames of an audio stream.
    func attach(audio next: any MediaHandler<Frame>, stream: Int) {
        let fanOut = audioOutputs[stream] ?? FrameFanOut()
        fanOut.attach(next)
        audioOutputs[stream] = fanOut
    }

    /// Demuxes and decodes to the end, then flushes every attached step. A stopped run returns
    /// without flushing (the stopped run has cancelled the queues behind the steps).
    /// - Parameter onDecodeError: Called for each packet that could not be decoded.
    func run(control: PipelineControl, onDecodeError: (MediaError) -> Void) throws {
        defer { videoClock.finish() }
        let audioByStream = Dictionary(uniqueKeysWithValues: audio.map { ($0.stream.index, $0) })
        let subtitlesByStream = Dictionary(uniqueKeysWithValues: subtitles.map { ($0.streamIndex, $0) })
        while !control.isStopped, let packet = try demuxer.read() {
            if let video, packet.streamIndex == video.stream.index {
                // A source whose first video packet is a keyframe needs no gate: its decoder starts
                // clean (edit lists may still hide that keyframe as pre-roll).
                if !sawVideoPacket {
                    sawVideoPacket = true
                    seenKeyframe = packet.isKeyframe
                }
                try videoPackets?.process(packet.clone())
                try decode(packet, with: video, into: videoOutput, onDecodeError: onDecodeError)
            } else if let decoder = audioByStream[packet.streamIndex] {
                try decode(packet, with: decoder, into: audioOutputs[packet.streamIndex], onDecodeError: onDecodeError)
            } else if let collector = subtitlesByStream[packet.streamIndex] {
                collector.consume(packet)
            }
        }
        if control.isStopped { return }
        if let video { try decode(nil, with: video, into: videoOutput, onDecodeError: onDecodeError) }
        for decoder in audio {
            try decode(nil, with: decoder, into: audioOutputs[decoder.stream.index], onDecodeError: onDecodeError)
        }
        videoClock.finish()
        try videoPackets?.flush()
        try videoOutput.flush()
        for output in audioOutputs.values { try output.flush() }
    }

    private func decode(
        _ packet: Packet?, with decoder: Decoder, into output: FrameFanOut?,
        onDecodeError: (MediaError) -> Void
    ) throws {
        let frames: [Frame]
        do {
            frames = try decoder.decode(packet)
        } catch let error as MediaError where error.kind == .invalidData || error.kind == .other {
            decodeErrors += 1
            onDecodeError(error)
            return
        }
        let offset = Int64((startTime / decoder.timeBase.value).rounded())
        for frame in frames {
            if frame.isCorrupt {
                decodeErrors += 1
                continue
            }
            if decoder === video && !seenKeyframe {
                // A capture that starts mid-GOP decodes to damaged pictures until its first keyframe.
                guard frame.isKeyframe else {
                    skippedLeadingFrames += 1
                    continue
                }
                seenKeyframe = true
            }
            guard var pts = frame.bestEffortTimestamp ?? frame.pts else { continue }
            if decoder === video, let step = videoRetiming {
                // Timestamps the planner found implausible: frames are laid out evenly instead.
                pts = Int64(videoFrames) * step + Int64((startTime / decoder.timeBase.value).rounded())
            }
            frame.pts = pts - offset
            if decoder === video {
                videoFrames += 1
                if frame.isClean { cleanVideoFrames += 1 }
                if frame.hasClosedCaptions { closedCaptionFrames += 1 }
                var length = frame.duration
                if length <= 0 && decoder.stream.frameRate.isValid {
                    length = rescale(1, from: decoder.stream.frameRate.inverted, to: decoder.timeBase)
                }
                videoClock.advance(to: Double(pts - offset + max(length, 0)) * decoder.timeBase.value)
            } else {
                audioFrames += 1
                if frame.isClean { cleanAudioFrames += 1 }
            }
            try output?.process(frame)
        }
    }
}
