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
final class Packager: Sendable {
    let request: PackageRequest
    /// Events from start to completion. The stream ends after `completed` or after a failure.
    let events: AsyncStream<ProgressEvent>
    let continuation: AsyncStream<ProgressEvent>.Continuation
    let output: any MultiFileOutput
    /// Image (thumbnail) tracks already written into the output, listed in the manifests.
    let images: [ImageTrackFacts]
    let control = PipelineControl()
    let logger = Logger(label: "reel.packager")

    /// - Parameters:
    ///   - request: Source, ladder and format options.
    ///   - output: Where the package goes.
    ///   - images: Image (trick-play thumbnail) tracks already written into `output`, for the
    ///     manifests (`ThumbnailTrack.facts`).
    init(request: PackageRequest, output: any MultiFileOutput, images: [ImageTrackFacts] = []) {
        self.request = request
        self.output = output
        self.images = images
        (events, continuation) = AsyncStream.makeStream(of: ProgressEvent.self, bufferingPolicy: .bufferingNewest(4096))
    }

    /// Stops the run as soon as possible; `run()` then throws `ReelError.cancelled`.
    func cancel() {
        control.cancel()
    }

    /// Runs the whole job.
    /// - Returns: The summary of what was written.
    /// - Throws: `ReelError` classified for retry decisions.
    func run() async throws(ReelError) -> PackageSummary {
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

    /// The run, step by step: plan the renditions from the source's headers, connect the chain,
    /// run it to the end, check what it made, add the subtitles, then publish the manifests.
    private func execute() throws -> PackageSummary {
        let started = Date()
        try request.validate()
        FFmpegLog.installIfNeeded()
        // The source is read by reference through a custom AVIO; its bytes are hashed as they go by.
        var sourceOptions = request.sourceOptions
        sourceOptions.readTimeout = request.readTimeout
        if request.packageOnly { return try packageAsIs(started: started, options: sourceOptions) }
        let (demuxer, hasher) = try MediaSource(uri: request.source).openDemuxer(options: sourceOptions) {
            [control] in control.isStopped
        }
        var plan = try RenditionPlan(request: request, demuxer: demuxer)
        try request.validateCuePoints(duration: plan.duration)
        let timing = request.timing
        let perTitle = try choosePerTitleLadder(&plan, timing: timing, options: sourceOptions)
        let reporter = ProgressReporter(duration: plan.duration, renditions: plan.renditionIDs) { [continuation] in
            continuation.yield($0)
        }
        // Sidecar subtitles are read (and rejected when broken) before any encoding starts.
        let subtitlePlan = try SubtitlePlan(
            inputs: request.subtitles, source: request.source, demuxer: demuxer, options: sourceOptions)
        let subtitles = SubtitlePackager(plan: subtitlePlan, demuxer: demuxer)
        let reader = SourceReader(
            demuxer: demuxer, video: plan.videoDecoder, audio: plan.audioDecoders, subtitles: subtitles.collectors)
        if plan.retimeVideo, let decoder = plan.videoDecoder {
            reader.videoRetiming = max(1, rescale(1, from: plan.sourceFrameRate.inverted, to: decoder.timeBase))
        }
        for warning in plan.warnings + subtitlePlan.warnings + subtitles.warnings { reporter.warn(warning) }

        let facts = PackageFactsCollector()
        // Off unless asked for: then it hears the segments to place each rung's figures in them.
        // A per-title ladder always reports its quality: the report says what was chosen and why.
        let measures = request.qualityReport || perTitle != nil
        let quality =
            measures ? request.containers.first.map { QualityCollector(container: $0, perTitle: perTitle) } : nil
        let listener = SegmentListeners([facts, reporter] + (quality.map { [$0] } ?? []))
        let loudness = try planLoudness(plan, options: sourceOptions, reporter: reporter)
        let copy = try passthrough(
            plan: plan, timing: timing, zero: reader.startTime, options: sourceOptions, reporter: reporter)
        let chain = try PackagingChain(
            plan: plan, reader: reader, timing: timing, copy: copy, containers: request.containers, output: output,
            listener: listener, reporter: reporter, protection: try protection(options: sourceOptions),
            quality: quality,
            loudness: loudness.corrections)
        try chain.start()
        reporter.send(
            .started(StartedEvent(plan: plan, copiedRung: chain.passthrough?.id, subtitles: subtitlePlan.descriptions)))
        chain.run(control: control, source: request.source) { [logger] error in
            logger.debug("\(error.description); packet dropped")
        }
        if let failure = control.failure { throw failure }

        try Self.requireDecodedMedia(reader, plan: plan, packagesVideo: !chain.video.isEmpty, source: request.source)
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
        let captions = Self.closedCaptions(sourceFrames: reader.closedCaptionFrames, video: chain.video, plan: plan)
        if let warning = captions.warning { reporter.warn(warning) }
        if let service = captions.facts {
            facts.declare(service, in: Set(chain.video.filter(\.carriesCaptions).map(\.id)))
        }
        let levels = Self.loudnessSummary(
            chain.audio, corrections: loudness.corrections, inputs: loudness.inputs, reporter: reporter)
        var summary = try complete(
            facts, subtitles: subtitles, zero: reader.startTime, listener: listener, reporter: reporter,
            sourceDuration: plan.duration, started: started, contentID: contentID,
            copied: Set([chain.passthrough?.id].compactMap { $0 }), quality: quality)
        summary.loudness = levels
        return summary
    }

    /// The package's encryption, when the request asks for it; writes the key file it may ask
    /// for into the package.
    func protection(options: MediaSourceOptions) throws -> PackageProtection? {
        guard let encryption = request.encryption else { return nil }
        let protection = try PackageProtection(options: encryption, formats: request.formats, sourceOptions: options)
        for file in protection.keyFiles {
            try output.write(Data(file.bytes), to: file.name, contentType: .octetStream)
        }
        return protection
    }

    /// Whether the ladder's `passthrough: auto` rung is the source's video copied; when the source
    /// does not fit, the run says why and encodes the rung.
    private func passthrough(
        plan: RenditionPlan, timing: SegmentTiming, zero: Double, options: MediaSourceOptions,
        reporter: ProgressReporter
    ) throws -> PassthroughCheck.Copy? {
        let check = PassthroughCheck(plan: plan, timing: timing, zero: zero)
        // The keyframes are read from a second reader, so the run's own reader starts clean.
        let outcome = try check.decide {
            try MediaSource(uri: request.source).openDemuxer(options: options) { [control] in control.isStopped }.0
        }
        switch outcome {
        case .copy(let copy): return copy
        case .encode(let rung, let reason):
            reporter.warn("\(request.source): \(rung) encoded, not copied (passthrough: auto): \(reason)")
            return nil
        case nil: return nil
        }
    }

    /// The end of every run once the media is written: refuse a package that lasts no time, add
    /// the subtitles (cut at the media's segment instants), publish the manifests last, sum up.
    /// - Parameters:
    ///   - facts: What the listeners heard of the media.
    ///   - subtitles: The run's subtitle tracks.
    ///   - zero: Presentation time zero on the source's timeline (for embedded subtitles).
    ///   - listener: Hears of the subtitle files.
    ///   - reporter: Receives warnings and the final events.
    ///   - sourceDuration: The duration when no segment was written.
    ///   - started: When the run started.
    ///   - contentID: The source's SHA-256.
    ///   - copied: The renditions that are source streams copied as they are.
    ///   - quality: The rungs' quality figures, when the request asks for a report.
    func complete(
        _ facts: PackageFactsCollector, subtitles: SubtitlePackager, zero: Double, listener: any SegmentListener,
        reporter: ProgressReporter, sourceDuration: Double, started: Date, contentID: String?, copied: Set<String>,
        quality: QualityCollector? = nil
    ) throws -> PackageSummary {
        let segmentDuration = Double(request.segmentMilliseconds) / 1000
        func listed() -> PackageFacts {
            facts.package(
                containers: request.summaryContainers, segmentDuration: segmentDuration, sourceDuration: sourceDuration)
        }
        try Self.requirePositiveDuration(listed().duration, source: request.source)
        let (tracks, subtitleWarnings) = subtitles.tracks(zero: zero)
        for warning in subtitleWarnings { reporter.warn(warning) }
        try SubtitlePackager.write(
            tracks, request: request, facts: facts, writer: SubtitleRenditionWriter(output: output, listener: listener),
            reporter: reporter)
        let qualityReport = try quality.map { try writeQualityReport($0, facts: facts, copied: copied) }
        reporter.finish()
        let manifests = try publishManifests(
            facts, segmentDuration: segmentDuration, programStart: started, reporter: reporter)
        try output.finish()
        var summary = PackageSummary(
            source: request.source, listed: listed(), tracks: facts.allTracks, manifests: manifests,
            wallTime: Date().timeIntervalSince(started), warnings: reporter.warningCount, contentID: contentID,
            copied: copied)
        summary.qualityReport = qualityReport
        return summary
    }

    /// Writes `quality.json` and `quality.svg` from the rungs' figures, before the manifests.
    private func writeQualityReport(
        _ quality: QualityCollector, facts: PackageFactsCollector, copied: Set<String>
    ) throws -> QualityReportSummary {
        logger.debug("quality: reference pictures held at most, per rung: \(quality.referencesHeld)")
        let report = quality.report(facts: facts, source: request.source)
        if !copied.isEmpty {
            logger.info("quality: \(copied.sorted().joined(separator: ", ")) copied from the source, not measured")
        }
        return try QualityReportWriter.write(report, to: output)
    }

    /// Writes the manifests from what the listeners heard, last, telling the reporter of each.
    /// - Parameter programStart: The wall-clock time of presentation time zero (HLS program date
    ///   time, with cue points).
    func publishManifests(
        _ facts: PackageFactsCollector, segmentDuration: Double, programStart: Date, reporter: ProgressReporter
    ) throws -> [String] {
        var publisher = ManifestPublisher(formats: request.formats, hlsSegments: request.hlsSegments, images: images)
        publisher.cuePoints = request.cues
        publisher.programStart = Int64((programStart.timeIntervalSince1970 * 1000).rounded(.down))
        return try publisher.publish(facts, segmentDuration: segmentDuration, to: output) { file, bytes in
            reporter.send(.manifestWritten(ManifestWritten(path: file, bytes: bytes)))
        }
    }
}
