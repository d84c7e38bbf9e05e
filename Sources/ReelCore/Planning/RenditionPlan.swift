import Foundation
import ReelManifest
import ReelMedia

/// What one run builds from one source: the streams it reads, the decoders that read them, and
/// the renditions it makes (video rungs sized for the source, audio renditions per stream).
///
/// Planning reads only the source's headers; it fails early, naming the stream, when nothing
/// can be packaged.
struct RenditionPlan {
    let source: String
    let container: String
    let streams: [StreamInfo]
    /// Source duration in seconds (0 when unknown).
    let duration: Double
    let videoDecoder: Decoder?
    let audioDecoders: [Decoder]
    /// The video rungs; per-title analysis replaces the candidates with the rungs it chose.
    var rungs: [PlannedRung]
    let videoSettings: VideoEncoderSettings
    let conversion: VideoConversion?
    let audio: [AudioRenditionPlan]
    let sourceFrameRate: Rational
    /// Whether the video's timestamps are implausible (hundreds of frames per second) and frames
    /// must be laid out evenly at `sourceFrameRate` instead.
    let retimeVideo: Bool
    /// Problems found while planning that do not stop the job.
    private(set) var warnings: [String] = []

    init(request: PackageRequest, demuxer: Demuxer) throws {
        let ladder = request.ladder
        source = request.source
        container = demuxer.formatName
        streams = demuxer.streams
        let videoIndex = demuxer.bestStream(.video)
        let audioStreams = demuxer.streams.filter { $0.kind == .audio && $0.channels > 0 }
        guard videoIndex != nil || !audioStreams.isEmpty else {
            throw ReelError.invalidInput(source: source, stream: nil, reason: "no audio or video stream")
        }
        let wantsVideo = !ladder.rungs.isEmpty && ladder.video != nil
        if !wantsVideo && audioStreams.isEmpty {
            throw ReelError.invalidInput(
                source: source, stream: nil, reason: "no audio stream for the audio-only ladder '\(ladder.name)'")
        }
        if wantsVideo, let videoIndex {
            videoDecoder = try Self.openDecoder(
                demuxer, videoIndex, source: source,
                threads: Self.videoDecoderThreads(cores: ProcessInfo.processInfo.activeProcessorCount))
        } else {
            videoDecoder = nil
        }
        var decoders: [Decoder] = []
        var problems: [String] = []
        if !ladder.audio.isEmpty {
            for stream in audioStreams {
                do {
                    decoders.append(try Self.openDecoder(demuxer, stream.index, source: source))
                } catch let error as ReelError {
                    problems.append("\(error.description); audio stream skipped")
                }
            }
            if decoders.isEmpty && videoDecoder == nil {
                throw ReelError.unsupportedFormat(
                    source: source, reason: problems.first ?? "no decodable audio stream")
            }
        }
        audioDecoders = decoders
        audio = AudioRenditionPlan.plan(ladder.audio, streams: decoders.map(\.stream))
        videoSettings = ladder.video ?? VideoEncoderSettings()
        if let video = videoDecoder?.stream {
            let rate = OutputFrameRate.choose(average: video.frameRate, base: video.baseFrameRate)
            sourceFrameRate = rate
            retimeVideo = [video.frameRate, video.baseFrameRate].allSatisfy { $0.isValid && $0.value > 240 }
            if retimeVideo {
                problems.append(
                    "\(source): stream #\(video.index): timestamps claim \(Int(video.frameRate.value)) fps; "
                        + "frames laid out evenly at \(String(format: "%.3f", rate.value)) fps")
            }
            let geometry = SourceGeometry(
                width: video.width, height: video.height, sarNumerator: video.sampleAspectRatio.numerator,
                sarDenominator: video.sampleAspectRatio.denominator, rotation: video.rotation,
                frameRate: Rational(rate.numerator, rate.denominator))
            rungs = RungPlanner.plan(source: geometry, ladder: ladder)
            guard !rungs.isEmpty else {
                throw ReelError.invalidInput(source: source, stream: video.index, reason: "video has no usable size")
            }
            conversion = VideoConversion(stream: video, settings: videoSettings)
        } else {
            sourceFrameRate = Rational(0, 1)
            retimeVideo = false
            rungs = []
            conversion = nil
        }
        let streamDurations = ([videoDecoder?.stream.duration] + decoders.map(\.stream.duration)).compactMap { $0 }
        duration = demuxer.duration ?? streamDurations.max() ?? 0
        warnings = problems
    }

    var renditionIDs: [String] { rungs.map { "v\($0.rung.name)" } + audio.map(\.id) }

    /// Threads for the video decoder: a quarter of the cores, at least one. Decoding is about a
    /// tenth of a ladder's work (the encoders take the rest on threads of their own), so one
    /// thread keeps pace on a few cores; FFmpeg's own choice (cores + 1 frame threads) holds a
    /// set of pictures per thread and costs frame-threading's hand-overs.
    static func videoDecoderThreads(cores: Int) -> Int { max(1, cores / 4) }

    /// - Parameter threads: Decoder threads; 0 lets FFmpeg choose.
    private static func openDecoder(_ demuxer: Demuxer, _ index: Int, source: String, threads: Int = 0) throws
        -> Decoder
    {
        do {
            return try Decoder(demuxer: demuxer, streamIndex: index, threads: threads)
        } catch let error as MediaError {
            let stream = demuxer.streams[index]
            if error.kind == .unsupported {
                throw ReelError.unsupportedFormat(
                    source: source,
                    reason: "stream #\(index): no decoder for \(stream.kind.rawValue) codec \(stream.codecName)")
            }
            throw ReelError.invalidInput(source: source, stream: index, reason: error.description)
        }
    }
}
