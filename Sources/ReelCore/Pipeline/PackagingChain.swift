import Foundation
import ReelManifest
import ReelMedia
import ReelOutput

/// The steps of one run, connected (see `MediaHandler`): the source reader at the head, then
/// per rendition a thread handoff, a filter, an encoder, a chunker and a segment writer. With a
/// quality report, each encoded video rung also gets a `QualityReferenceTap` before its encoder
/// and a `QualityProbeStage` after it:
/// ```
/// … ─▶ FilterStage ─▶ QualityReferenceTap ─▶ VideoEncoderStage ─▶ QualityProbeStage ─▶ Chunker ─▶ …
/// ```
///
/// Built back to front from a `RenditionPlan`, so each step is made knowing the next one.
/// Video rungs share one decode, and, when the source needs deinterlacing, rotation or tone
/// mapping, one filter thread in front of them. Rungs of one size and frame rate
/// (`SharedPictures`) are scaled once: the first one's filtered frames go to its encoder and to
/// the others' threads:
/// ```
/// … ─▶ ThreadHandoff ─▶ FilterStage ─▶ FrameFanOut ─▶ VideoEncoderStage ─▶ …             (720p-3000k)
///                                                  └▶ ThreadHandoff ─▶ FrameFanOut ─▶ …   (720p-4500k)
/// ```
final class PackagingChain {
    let reader: SourceReader
    /// The video rungs' encoders, in ladder order (a passthrough rung has none).
    private(set) var video: [VideoEncoderStage] = []
    /// The rung made of the source's video itself, when the source fitted it.
    private(set) var passthrough: PassthroughStage?
    /// The audio renditions' encoders, in plan order.
    private(set) var audio: [AudioEncoderStage] = []
    private var writers: [SegmentWriter] = []
    /// The package's encryption, which every segment writer asks for its tracks' protectors.
    private let protection: PackageProtection?
    /// Hears every encoded rung's quality figures, when the request asks for a quality report.
    private let quality: QualityCollector?
    /// Where the chain crosses threads, with each thread's name.
    private var handoffs: [(name: String, handoff: ThreadHandoff<Frame>)] = []

    /// - Parameters:
    ///   - plan: What to make.
    ///   - reader: The head of the chain.
    ///   - timing: The package's keyframe and segment instants.
    ///   - copy: The rung the source's video is copied into, if any (`PassthroughCheck`).
    ///   - containers: The containers every rendition is written in.
    ///   - output: Where the files go.
    ///   - listener: Hears of every track and segment written.
    ///   - reporter: Receives progress.
    ///   - protection: The package's encryption, if any.
    ///   - quality: Receives each encoded rung's PSNR and SSIM, when a quality report is asked for
    ///     (it must hear the segments too); nil adds no step and costs nothing.
    init(
        plan: RenditionPlan, reader: SourceReader, timing: SegmentTiming, copy: PassthroughCheck.Copy? = nil,
        containers: [SegmentContainer], output: any MultiFileOutput, listener: any SegmentListener,
        reporter: ProgressReporter, protection: PackageProtection? = nil, quality: QualityCollector? = nil,
        loudness: [String: LoudnessCorrection] = [:]
    ) throws {
        self.reader = reader
        self.protection = protection
        self.quality = quality
        if let decoder = plan.videoDecoder, let conversion = plan.conversion {
            try buildVideo(
                plan: plan, decoder: decoder, conversion: conversion, timing: timing, copy: copy,
                containers: containers, output: output, listener: listener, reporter: reporter)
        }
        for rendition in plan.audio {
            guard let decoder = plan.audioDecoders.first(where: { $0.stream.index == rendition.stream.index }) else {
                continue
            }
            try buildAudio(
                rendition, decoder: decoder, hasVideo: plan.videoDecoder != nil, timing: timing,
                containers: containers, output: output, listener: listener, reporter: reporter,
                loudness: loudness[rendition.id])
        }
    }

    /// How many pictures wait for each video thread (decoded, or scaled by a rung another rung
    /// shares). A 1080p picture is 3 MB and stays in its pool while a queue holds it; the encoders
    /// already look ahead on their own (x264 holds up to `rc-lookahead` pictures), so two only
    /// absorb the reader's unevenness. Four held 6 MiB more at the peak for no gain in speed.
    private static let pictureQueueCapacity = 2

    private func buildVideo(
        plan: RenditionPlan, decoder: Decoder, conversion: VideoConversion, timing: SegmentTiming,
        copy: PassthroughCheck.Copy?, containers: [SegmentContainer], output: any MultiFileOutput,
        listener: any SegmentListener, reporter: ProgressReporter
    ) throws {
        let rungs = FrameFanOut()
        if let filter = conversion.sharedFilter {
            let graph = FilterGraph(
                description: filter, kind: .video, timeBase: decoder.timeBase, frameRate: plan.sourceFrameRate)
            let shared = ThreadHandoff(
                capacity: Self.pictureQueueCapacity,
                next: FilterStage(graph: graph, outputTimeBase: decoder.timeBase, next: rungs))
            reader.attach(video: shared)
            handoffs.append(("reel.filter", shared))
        } else {
            reader.attach(video: rungs)
        }
        let threads = EncoderConfiguration.threadShares(plan.rungs, cores: ProcessInfo.processInfo.activeProcessorCount)
        let sharedFrom = SharedPictures.sources(of: plan.rungs, copied: copy?.rungIndex)
        // Each encoded rung's filtered frames, handed to its encoder and to the rungs sharing them.
        var filtered: [Int: FrameFanOut] = [:]
        for (index, (rung, threads)) in zip(plan.rungs, threads).enumerated() {
            if let copy, copy.rungIndex == index {
                try buildPassthrough(
                    rung, copy: copy, range: conversion.range, timing: timing, containers: containers,
                    output: output, listener: listener, reporter: reporter)
                continue
            }
            let rate = rung.frameRate
            // Captions ride on the frames; a rung that drops or repeats frames would garble them.
            let keepsCaptions =
                plan.videoSettings.codec == .h264 && rate.hasSameValue(as: plan.sourceFrameRate) && !plan.retimeVideo
            let encoder = try Encoder(
                EncoderConfiguration.video(
                    plan.videoSettings, plan: rung, conversion: conversion, timing: timing, timeBase: rate.inverted,
                    threads: threads, keepsCaptions: keepsCaptions))
            let id = "v\(rung.rung.name)"
            let codec = try CodecParameters(encoder: encoder)
            let writer = try SegmentWriter(
                rendition: RenditionFacts(
                    id: id, kind: .video, codecs: encoder.codecString, container: .fmp4, timescale: 1,
                    initFileName: nil, segments: [],
                    video: VideoFacts(width: rung.width, height: rung.height, frameRate: rate, range: conversion.range)),
                codec: codec, containers: containers, timescale: EncoderConfiguration.videoTimescale(for: rate),
                language: nil, contentType: .mp4Video, output: output, listener: listener,
                protection: protection)
            // With a quality report: the encoder's pictures are kept (tap) until its packets are
            // decoded again and measured against them (probe), both on the rung's thread.
            let chunker = Chunker(timing: timing, clock: .frames(rate), next: writer)
            let references = quality.map { _ in QualityReferences() }
            var encoded: any MediaHandler<Packet> = chunker
            if let quality, let references {
                quality.register(id)
                encoded = try QualityProbeStage(
                    id: id, codec: codec, references: references, collector: quality, next: chunker)
            }
            let stage = VideoEncoderStage(
                rung: rung, encoder: encoder, timing: timing, keepsCaptions: keepsCaptions,
                extraKeyframes: copy?.keyframeTimes ?? [], reporter: reporter, next: encoded)
            let encoderInput: any MediaHandler<Frame> =
                references.map { QualityReferenceTap(references: $0, next: stage) } ?? stage
            // A rung with the picture of an earlier rung encodes that rung's filtered frames.
            let output = FrameFanOut()
            output.attach(encoderInput)
            filtered[index] = output
            let handoff: ThreadHandoff<Frame>
            if let earlier = sharedFrom[index], let earlierOutput = filtered[earlier] {
                handoff = ThreadHandoff(capacity: Self.pictureQueueCapacity, next: output)
                earlierOutput.attach(handoff)
            } else {
                let graph = FilterGraph(
                    description: conversion.rungFilter(width: rung.width, height: rung.height, frameRate: rate),
                    kind: .video, timeBase: decoder.timeBase, frameRate: plan.sourceFrameRate)
                handoff = ThreadHandoff(
                    capacity: Self.pictureQueueCapacity,
                    next: FilterStage(graph: graph, outputTimeBase: rate.inverted, next: output))
                rungs.attach(handoff)
            }
            handoffs.append(("reel.\(id)", handoff))
            video.append(stage)
            writers.append(writer)
        }
    }

    /// The rung made of the source's packets: no thread, no filter, no encoder.
    private func buildPassthrough(
        _ rung: PlannedRung, copy: PassthroughCheck.Copy, range: VideoRange, timing: SegmentTiming,
        containers: [SegmentContainer], output: any MultiFileOutput, listener: any SegmentListener,
        reporter: ProgressReporter
    ) throws {
        let writer = try SegmentWriter(
            rendition: RenditionFacts(
                id: "v\(rung.rung.name)", kind: .video, codecs: copy.codec.codecString, container: .fmp4,
                timescale: 1, initFileName: nil, segments: [],
                video: VideoFacts(width: rung.width, height: rung.height, frameRate: rung.frameRate, range: range)),
            codec: copy.codec, containers: containers, timescale: Packager.timescale(of: copy.stream), language: nil,
            contentType: .mp4Video, output: output, listener: listener, protection: protection)
        let stage = PassthroughStage(
            rung: rung, copy: copy, zero: reader.startTime, reporter: reporter,
            next: Chunker(
                timing: timing, clock: .ticks(copy.stream.timeBase, frameRate: rung.frameRate), next: writer))
        reader.attach(videoPackets: stage)
        passthrough = stage
        writers.append(writer)
    }

    private func buildAudio(
        _ rendition: AudioRenditionPlan, decoder: Decoder, hasVideo: Bool, timing: SegmentTiming,
        containers: [SegmentContainer], output: any MultiFileOutput, listener: any SegmentListener,
        reporter: ProgressReporter, loudness: LoudnessCorrection?
    ) throws {
        let settings = rendition.rendition
        let encoder = try Encoder(EncoderConfiguration.audio(settings))
        let codec = try CodecParameters(encoder: encoder)
        let writer = try SegmentWriter(
            rendition: RenditionFacts(
                id: rendition.id, kind: .audio, codecs: encoder.codecString, container: .fmp4, timescale: 1,
                initFileName: nil, segments: [],
                audio: AudioFacts(
                    sampleRate: settings.sampleRate, channels: settings.channels, language: rendition.language,
                    name: rendition.name, isDefault: rendition.isDefault, nominalBitrate: settings.bitrate,
                    channelMask: codec.channelMask)),
            codec: codec, containers: containers, timescale: settings.sampleRate,
            language: rendition.stream.language, contentType: .mp4Audio, output: output, listener: listener,
            protection: protection)
        let clock = hasVideo ? reader.videoClock : nil
        let stage = AudioEncoderStage(
            plan: rendition, encoder: encoder, videoClock: clock, reporter: reporter,
            next: Chunker(timing: timing, clock: .samples(settings.sampleRate, video: clock), next: writer))
        if settings.loudness != nil { stage.outputMeter = LoudnessMeter(timeBase: encoder.settings.timeBase) }
        // Resampled to the rendition's rate and layout; gaps filled and overlaps trimmed, so the
        // audio stays on the video's clock. A loudness target adds its gain (and limiter).
        let layout = [1: "mono", 6: "5.1", 8: "7.1"][settings.channels] ?? "stereo"
        let level = loudness.map { $0.filters(sampleRate: settings.sampleRate) + "," } ?? ""
        let graph = FilterGraph(
            description: "aresample=\(settings.sampleRate):async=1:first_pts=0,\(level)"
                + "aformat=sample_fmts=fltp:sample_rates=\(settings.sampleRate):channel_layouts=\(layout)",
            kind: .audio, timeBase: decoder.timeBase, audioFrameSize: encoder.frameSize)
        let handoff = ThreadHandoff(
            capacity: 64, next: FilterStage(graph: graph, outputTimeBase: encoder.settings.timeBase, next: stage))
        reader.attach(audio: handoff, stream: rendition.stream.index)
        handoffs.append(("reel.\(rendition.id)", handoff))
        audio.append(stage)
        writers.append(writer)
    }

    /// Writes every track's header at the package's presentation offset; listeners hear of the
    /// tracks in ladder order, video first.
    func start() throws {
        let offset = presentationOffset
        for writer in writers { try writer.start(offset: offset) }
    }

    /// One presentation offset for every track, large enough that no timestamp is negative (B-frame
    /// reordering, AAC priming) and a whole number of frames of every rung, so frames stay on their
    /// grid. Containers hold timestamps shifted by it; the fMP4 init segments' edit lists start the
    /// presentation at it again, so presentation time 0 is the first picture for every player (the
    /// priming before it is trimmed) and the manifests state presentation times. MPEG-TS segments
    /// keep the shift; HLS `X-TIMESTAMP-MAP` says where their presentation starts.
    var presentationOffset: Rational {
        let reorder = video.map(\.reorderDelaySeconds) + [passthrough?.reorderDelaySeconds].compactMap { $0 }
        let needed = (reorder + audio.map(\.primingSeconds)).max() ?? 0
        let rates = video.map(\.rung.frameRate) + [passthrough?.rung.frameRate].compactMap { $0 }
        guard let slowest = rates.min(by: { $0.value < $1.value }) else {
            let priming = audio.map { Rational($0.encoder.initialPadding, $0.plan.rendition.sampleRate) }
            return priming.max { $0.value < $1.value } ?? Rational(0, 1)
        }
        let frames = Int((needed * slowest.value - 1e-9).rounded(.up))
        return Rational(max(frames, 0) * slowest.denominator, slowest.numerator)
    }

    /// Runs the chain to the end: a thread per handoff and one for the reader, each on its own
    /// stack, never on the Swift concurrency pool. The first failure stops every thread.
    /// - Parameters:
    ///   - control: The run's failure and cancellation state.
    ///   - source: The source's name, for errors.
    ///   - onDecodeError: Told of each packet that could not be decoded.
    func run(control: PipelineControl, source: String, onDecodeError: @escaping @Sendable (MediaError) -> Void) {
        for (_, handoff) in handoffs { control.onStop { handoff.queue.cancel() } }
        let group = DispatchGroup()
        func spawn(_ name: String, _ body: @escaping @Sendable () throws -> Void) {
            group.enter()
            startThread(name, stackSize: 4 << 20) {
                defer { group.leave() }
                do { try body() } catch { control.fail(ReelError.classify(error, source: source)) }
            }
        }
        for (name, handoff) in handoffs { spawn(name) { try handoff.run(control: control) } }
        spawn("reel.reader") { [reader] in try reader.run(control: control, onDecodeError: onDecodeError) }
        group.wait()
    }
}
