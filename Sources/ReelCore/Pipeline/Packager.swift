import Foundation
import Logging
import ReelManifest
import ReelMedia
import ReelOutput

/// Packages one source into an HLS + DASH VOD package.
///
/// ```swift
/// let packager = Packager(request: request, output: try DirectoryOutput(directory: url))
/// Task { for await event in packager.events { print(event) } }
/// let summary = try await packager.run()
/// ```
/// The work runs on dedicated threads (one reader/decoder, one per rendition), never on the
/// Swift concurrency pool. Manifests are written only after every segment succeeded; on failure
/// the output is aborted and nothing a player could pick up is left behind.
public final class Packager: Sendable {
    public let request: PackageRequest
    /// Events from start to completion. The stream ends after `completed` or after a failure.
    public let events: AsyncStream<ProgressEvent>
    private let continuation: AsyncStream<ProgressEvent>.Continuation
    private let output: any MultiFileOutput
    private let control = PipelineControl()
    private let logger = Logger(label: "reel.packager")

    /// - Parameters:
    ///   - request: Source, ladder and format options.
    ///   - output: Where the package goes.
    public init(request: PackageRequest, output: any MultiFileOutput) {
        self.request = request
        self.output = output
        (events, continuation) = AsyncStream.makeStream(of: ProgressEvent.self, bufferingPolicy: .bufferingNewest(4096))
    }

    /// Stops the run as soon as possible; `run()` then throws `ReelError.cancelled`.
    public func cancel() {
        control.cancel()
    }

    /// Runs the whole job.
    /// - Returns: The summary of what was written.
    /// - Throws: `ReelError` classified for retry decisions.
    public func run() async throws(ReelError) -> PackageSummary {
        try await onThread("reel.package") { [self] in runBlocking() }.get()
    }

    /// Runs the job on the calling thread.
    func runBlocking() -> Result<PackageSummary, ReelError> {
        defer {
            control.releaseHandlers()
            continuation.finish()
        }
        do {
            let summary = try execute()
            continuation.yield(.completed(summary))
            return .success(summary)
        } catch {
            output.abort()
            let failure = control.failure ?? ReelError.classify(error, source: request.source)
            logger.debug("package failed: \(failure)")
            return .failure(failure)
        }
    }

    private func execute() throws -> PackageSummary {
        let started = Date()
        try request.validate()
        FFmpegLog.installIfNeeded()
        // The source is read by reference through a custom AVIO; its bytes are hashed as they go by.
        var sourceOptions = request.sourceOptions
        sourceOptions.readTimeout = request.readTimeout
        let (demuxer, hasher) = try MediaSource(uri: request.source).openDemuxer(options: sourceOptions) {
            [control] in control.isStopped
        }
        let plan = try JobPlan(request: request, demuxer: demuxer)
        let timing = SegmentTiming(
            segmentMilliseconds: request.segmentMilliseconds, keyframeMilliseconds: request.keyframeMilliseconds)
        let reporter = ProgressReporter(duration: plan.duration, renditions: plan.renditionIDs) { [continuation] in
            continuation.yield($0)
        }
        // Sidecar subtitles are read (and rejected when broken) before any encoding starts.
        let subtitlePlan = try SubtitlePlan(
            inputs: request.subtitles, source: request.source, demuxer: demuxer, options: sourceOptions)
        let (collectors, collectorWarnings) = Self.subtitleCollectors(subtitlePlan, demuxer: demuxer)
        let reader = SourceReader(
            demuxer: demuxer, video: plan.videoDecoder, audio: plan.audioDecoders, subtitles: collectors)
        if plan.retimeVideo, let decoder = plan.videoDecoder {
            reader.videoRetiming = max(1, rescale(1, from: plan.sourceFrameRate.inverted, to: decoder.timeBase))
        }
        for warning in plan.warnings + subtitlePlan.warnings + collectorWarnings { reporter.warn(warning) }
        let containers = request.containers
        let threads = EncoderConfiguration.threadShares(plan.rungs, cores: ProcessInfo.processInfo.activeProcessorCount)
        let videoWorkers = try zip(plan.rungs, threads).map { rung, threads in
            // Captions ride on the frames; a rung that drops or repeats frames would garble them.
            let sameRate =
                Int64(rung.frameRate.numerator) * Int64(plan.sourceFrameRate.denominator)
                == Int64(plan.sourceFrameRate.numerator) * Int64(rung.frameRate.denominator)
            return try VideoRenditionWorker(
                plan: rung, settings: plan.videoSettings, conversion: plan.conversion!, timing: timing,
                threads: threads,
                containers: containers,
                sourceTimeBase: plan.videoDecoder!.timeBase, sourceFrameRate: plan.sourceFrameRate,
                keepsCaptions: plan.videoSettings.codec == .h264 && sameRate && !plan.retimeVideo,
                output: output, reporter: reporter)
        }
        let audioWorkers = try plan.audio.map { audio in
            try AudioRenditionWorker(
                plan: audio, timing: timing, containers: containers,
                sourceTimeBase: plan.audioDecoders.first { $0.stream.index == audio.stream.index }!.timeBase,
                videoClock: plan.videoDecoder == nil ? nil : reader.videoClock, output: output, reporter: reporter)
        }
        var shared: SharedVideoFilterWorker?
        if let filter = plan.conversion?.sharedFilter, let decoder = plan.videoDecoder {
            let worker = SharedVideoFilterWorker(
                filter: filter, sourceTimeBase: decoder.timeBase, sourceFrameRate: plan.sourceFrameRate)
            reader.attach(video: worker.queue)
            control.onStop { worker.queue.cancel() }
            shared = worker
        }
        let offset = Self.presentationOffset(videoWorkers, audioWorkers)
        for worker in videoWorkers {
            try worker.output.start(offset: offset)
            if let shared { shared.attach(worker.queue) } else { reader.attach(video: worker.queue) }
            control.onStop { worker.queue.cancel() }
        }
        for worker in audioWorkers {
            try worker.output.start(offset: offset)
            reader.attach(audio: worker.queue, stream: worker.plan.stream.index)
            control.onStop { worker.queue.cancel() }
        }
        var startedEvent = plan.startedEvent(renditions: videoWorkers, audioWorkers)
        startedEvent.renditions += subtitlePlan.descriptions
        reporter.send(.started(startedEvent))

        let group = DispatchGroup()
        func spawn(_ name: String, _ body: @escaping @Sendable () throws -> Void) {
            group.enter()
            let thread = Thread { [control, source = request.source] in
                defer { group.leave() }
                do { try body() } catch { control.fail(ReelError.classify(error, source: source)) }
            }
            thread.name = name
            thread.stackSize = 4 << 20
            thread.start()
        }
        if let shared { spawn("reel.filter") { [control] in try shared.run(control: control) } }
        for worker in videoWorkers { spawn("reel.\(worker.id)") { [control] in try worker.run(control: control) } }
        for worker in audioWorkers { spawn("reel.\(worker.id)") { [control] in try worker.run(control: control) } }
        spawn("reel.reader") { [control] in
            try reader.run(control: control) { [logger = self.logger] error in
                logger.debug("\(error.description); packet dropped")
            }
        }
        group.wait()
        if let failure = control.failure { throw failure }
        if plan.videoDecoder != nil && reader.videoFrames == 0 {
            let reason =
                reader.skippedLeadingFrames > 0
                ? "no keyframe: \(reader.skippedLeadingFrames) frame(s) decoded, none of them a picture to start from"
                : "no video frame could be decoded"
            throw ReelError.invalidInput(
                source: request.source, stream: plan.videoDecoder?.stream.index, reason: reason)
        }
        if !plan.audioDecoders.isEmpty && reader.audioFrames == 0 && videoWorkers.isEmpty {
            throw ReelError.invalidInput(
                source: request.source, stream: plan.audioDecoders.first?.stream.index,
                reason: "no audio frame could be decoded")
        }
        try Self.requirePresentableMedia(
            reader, plan: plan, packagesVideo: !videoWorkers.isEmpty, source: request.source)
        if reader.skippedLeadingFrames > 0 {
            reporter.warn(
                "\(request.source): \(reader.skippedLeadingFrames) video frame(s) before the first keyframe were skipped"
            )
        }
        if reader.decodeErrors > 0 {
            reporter.warn("\(request.source): \(reader.decodeErrors) packet(s) could not be decoded and were dropped")
        }
        // Usually complete already: only bytes the demuxer never read are read now.
        let contentID = try hasher.finish(source: request.source)

        let captions = Self.closedCaptions(sourceFrames: reader.closedCaptionFrames, video: videoWorkers, plan: plan)
        if let warning = captions.warning { reporter.warn(warning) }
        let segmentDuration = Double(timing.segmentMilliseconds) / 1000
        var facts = containers.map {
            plan.facts(
                videoWorkers, audioWorkers, container: $0, segmentDuration: segmentDuration, captions: captions.facts)
        }
        try Self.requirePositiveDuration(facts.first?.duration ?? 0, source: request.source)
        let (subtitles, subtitleWarnings) = Self.subtitleTracks(
            subtitlePlan, collectors: collectors, zero: reader.startTime)
        for warning in subtitleWarnings { reporter.warn(warning) }
        try Self.writeSubtitles(
            subtitles, into: &facts, containers: containers, request: request, video: videoWorkers,
            audio: audioWorkers, writer: SubtitleRenditionWriter(output: output, reporter: reporter))
        reporter.finish()
        let publisher = ManifestPublisher(formats: request.formats, hlsContainer: request.hlsContainer)
        let manifests = try publisher.publish(facts, to: output) { file, bytes in
            reporter.send(.manifestWritten(ManifestWritten(path: file, bytes: bytes)))
        }
        try output.finish()
        return plan.summary(
            facts: facts, manifests: manifests, wallTime: Date().timeIntervalSince(started),
            warnings: reporter.warningCount, contentID: contentID)
    }
}
