import Foundation
import ReelManifest
import ReelMedia

/// What one run will build from one source: the streams it reads and the renditions it makes.
struct JobPlan {
    /// One audio rendition to build: a ladder rendition applied to one source audio stream.
    struct AudioPlan {
        let rendition: AudioRendition
        let stream: StreamInfo
        let id: String
        let language: String?
        let name: String
        let isDefault: Bool
    }

    let source: String
    let container: String
    let streams: [StreamInfo]
    /// Source duration in seconds (0 when unknown).
    let duration: Double
    let videoDecoder: Decoder?
    let audioDecoders: [Decoder]
    let rungs: [PlannedRung]
    let videoSettings: VideoEncoderSettings
    let conversion: VideoConversion?
    let audio: [AudioPlan]
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
            videoDecoder = try Self.openDecoder(demuxer, videoIndex, source: source)
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
        audio = Self.planAudio(ladder.audio, streams: decoders.map(\.stream))
        videoSettings = ladder.video ?? VideoEncoderSettings()
        if let video = videoDecoder?.stream {
            let rate = Self.outputFrameRate(average: video.frameRate, base: video.baseFrameRate)
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
                frameRate: FrameRate(rate.numerator, rate.denominator))
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

    /// Frame rates players expect; variable-rate sources are encoded at one of them.
    static let standardFrameRates = [
        Rational(24000, 1001), Rational(24, 1), Rational(25, 1), Rational(30000, 1001), Rational(30, 1),
        Rational(48, 1), Rational(50, 1), Rational(60000, 1001), Rational(60, 1), Rational(120, 1),
    ]

    /// The constant frame rate a source is encoded at (before any rung's cap).
    ///
    /// A constant-rate source keeps its rate. A variable-rate source (phones, screen recordings)
    /// takes its base rate when that is a standard rate at least as high as the average, and
    /// otherwise the smallest standard rate at or above its average, so motion stays smooth.
    /// - Parameters:
    ///   - average: The stream's average frame rate.
    ///   - base: The stream's base (`r_frame_rate`) rate.
    /// - Returns: The rate to encode at.
    static func outputFrameRate(average: Rational, base: Rational) -> Rational {
        func standard(_ rate: Rational) -> Rational? {
            standardFrameRates.first { abs($0.value - rate.value) / $0.value < 0.001 }
        }
        let averageValid = average.isValid && average.value >= 0.5 && average.value <= 240
        let baseValid = base.isValid && base.value >= 0.5 && base.value <= 240
        if baseValid && (!averageValid || abs(average.value - base.value) / base.value < 0.01) {
            return standard(base) ?? base.reduced
        }
        if baseValid, let known = standard(base), base.value >= average.value * 0.99 { return known }
        guard averageValid else { return Rational(30, 1) }
        if let known = standard(average) { return known }
        return standardFrameRates.first { $0.value >= average.value * 0.99 } ?? Rational(60, 1)
    }

    /// Applies the ladder's audio renditions to every audio stream: surround renditions only for
    /// streams with that many channels; ids and names that tell the streams apart.
    static func planAudio(_ renditions: [AudioRendition], streams: [StreamInfo]) -> [AudioPlan] {
        let defaultIndex = streams.first(where: \.isDefault)?.index ?? streams.first?.index
        var plans: [AudioPlan] = []
        var used = Set<String>()
        let languages = streams.map { language($0.language) }
        for (position, stream) in streams.enumerated() {
            let language = languages[position]
            var name = displayName(language: language)
            if streams.count > 1 && languages.filter({ $0 == language }).count > 1 {
                name += " \(position + 1)"
            }
            for rendition in renditions where rendition.channels <= max(stream.channels, 2) {
                var id = "a\(rendition.name)"
                if streams.count > 1 { id += "-\(language ?? "\(position + 1)")" }
                var unique = id
                var n = 2
                while used.contains(unique) {
                    unique = "\(id)-\(n)"
                    n += 1
                }
                used.insert(unique)
                let surround =
                    rendition.channels > 2 ? " (\(rendition.channels == 6 ? "5.1" : "\(rendition.channels) ch"))" : ""
                plans.append(
                    AudioPlan(
                        rendition: rendition, stream: stream, id: unique, language: language, name: name + surround,
                        isDefault: stream.index == defaultIndex))
            }
        }
        return plans
    }

    var renditionIDs: [String] { rungs.map { "v\($0.rung.name)" } + audio.map(\.id) }

    private static func openDecoder(_ demuxer: Demuxer, _ index: Int, source: String) throws -> Decoder {
        do {
            return try Decoder(demuxer: demuxer, streamIndex: index)
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

    /// Normalises a container language (ISO 639-2 such as `eng`) to BCP 47 (`en`); nil for undetermined.
    static func language(_ code: String?) -> String? {
        guard let code = code?.lowercased(), !code.isEmpty, code != "und", code != "mis", code != "zxx" else {
            return nil
        }
        let terminology = bibliographicCodes[code] ?? code
        let short = Locale.Language(identifier: terminology).languageCode?.identifier(.alpha2)
        return short ?? terminology
    }

    /// ISO 639-2/B codes (used by broadcast and Matroska) and their 639-2/T equivalents.
    static let bibliographicCodes = [
        "alb": "sqi", "arm": "hye", "baq": "eus", "bur": "mya", "chi": "zho", "cze": "ces", "dut": "nld",
        "fre": "fra", "geo": "kat", "ger": "deu", "gre": "ell", "ice": "isl", "mac": "mkd", "mao": "mri",
        "may": "msa", "per": "fas", "rum": "ron", "slo": "slk", "tib": "bod", "wel": "cym",
    ]

    /// A display name for a language (`English`), or `Main` when unknown.
    static func displayName(language: String?) -> String {
        guard let language else { return "Main" }
        return Locale(identifier: "en_US").localizedString(forLanguageCode: language) ?? language
    }

    func startedEvent(renditions video: [VideoRenditionWorker], _ audio: [AudioRenditionWorker]) -> StartedEvent {
        let streamLines = streams.map { s -> String in
            var line = "#\(s.index) \(s.kind.rawValue) \(s.codecName)"
            if s.kind == .video { line += " \(s.width)x\(s.height) \(String(format: "%.3f", s.frameRate.value)) fps" }
            if s.kind == .audio { line += " \(s.sampleRate) Hz \(s.channels) ch" }
            if let language = s.language { line += " [\(language)]" }
            return line
        }
        let renditionLines =
            video.map {
                "\($0.id) \($0.plan.width)x\($0.plan.height) \(String(format: "%.3f", $0.plan.frameRate.value)) fps "
                    + "\($0.plan.rung.bitrate / 1000)k"
            }
            + audio.map {
                "\($0.id) \($0.rendition.codec.rawValue) \($0.rendition.channels) ch \($0.rendition.bitrate / 1000)k "
                    + "from #\($0.plan.stream.index)"
            } + (conversion?.steps ?? []).map { "video: \($0)" }
        return StartedEvent(
            source: source, container: container, duration: duration, streams: streamLines, renditions: renditionLines)
    }

    /// The measured facts of every rendition in one container, for the manifest writers.
    /// - Parameter captions: The closed-caption service the video carries, for the renditions that kept it.
    func facts(
        _ video: [VideoRenditionWorker], _ audio: [AudioRenditionWorker], container: SegmentContainer,
        segmentDuration: Double, captions: ClosedCaptionFacts? = nil
    ) -> PackageFacts {
        var renditions: [RenditionFacts] = video.compactMap { worker in
            guard let track = worker.output.track(container) else { return nil }
            return RenditionFacts(
                id: worker.id, kind: .video, codecs: worker.codecs, container: container,
                timescale: track.recorder.timescale, initFileName: container == .fmp4 ? "init.mp4" : nil,
                segments: track.recorder.segments,
                video: VideoFacts(
                    width: worker.plan.width, height: worker.plan.height, frameRate: worker.plan.frameRate,
                    range: worker.conversion.range, closedCaptions: worker.carriesCaptions ? captions : nil))
        }
        renditions += audio.compactMap { worker in
            guard let track = worker.output.track(container) else { return nil }
            return RenditionFacts(
                id: worker.id, kind: .audio, codecs: worker.codecs, container: container,
                timescale: track.recorder.timescale, initFileName: container == .fmp4 ? "init.mp4" : nil,
                segments: track.recorder.segments,
                audio: AudioFacts(
                    sampleRate: worker.rendition.sampleRate, channels: worker.rendition.channels,
                    language: worker.plan.language, name: worker.plan.name, isDefault: worker.plan.isDefault,
                    nominalBitrate: worker.rendition.bitrate))
        }
        // Segments are recorded on the presentation timeline (the init segments' edit lists start
        // it at the first picture), so the presentation ends where the video's last segment ends.
        func end(_ track: SegmentedOutput.Track?) -> Double {
            guard let track, let last = track.recorder.segments.last else { return 0 }
            return Double(last.startTime + last.duration) / Double(track.recorder.timescale)
        }
        let ends =
            video.isEmpty
            ? audio.map { end($0.output.track(container)) } : video.map { end($0.output.track(container)) }
        return PackageFacts(renditions: renditions, segmentDuration: segmentDuration, duration: ends.max() ?? duration)
    }

    /// The summary of a finished run.
    /// - Parameter facts: The package's facts, once per container (the first is listed).
    /// - Parameter contentID: The SHA-256 of the source bytes, when known.
    func summary(
        facts: [PackageFacts], manifests: [String], wallTime: Double, warnings: Int, contentID: String? = nil
    ) -> PackageSummary {
        let primary = facts.first ?? PackageFacts(renditions: [], segmentDuration: 0, duration: duration)
        // A subtitle track appears twice in fMP4 packages (WebVTT segments for HLS, fMP4 for DASH).
        var listed = Set<String>()
        let renditions = primary.renditions.filter { listed.insert($0.id).inserted }.map { r -> RenditionSummary in
            let stats = BitrateStats(rendition: r)
            return RenditionSummary(
                id: r.id, kind: r.kind.rawValue, codecs: r.codecs, width: r.video?.width, height: r.video?.height,
                frameRate: r.video?.frameRate.value, segments: r.segments.count,
                bytes: r.segments.reduce(0) { $0 + $1.byteSize }, peakBitrate: stats.peak, averageBitrate: stats.average
            )
        }
        let total = facts.flatMap(\.renditions).flatMap(\.segments).reduce(0) { $0 + $1.byteSize }
        return PackageSummary(
            source: source, duration: primary.duration, renditions: renditions, manifests: manifests,
            totalBytes: total, wallTime: wallTime, contentID: contentID, warnings: warnings)
    }

}
