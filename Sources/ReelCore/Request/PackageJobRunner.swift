import Foundation
import Logging
import ReelManifest
import ReelMedia
public import ReelOutput

/// The one entry point that runs a ``PackageJob``: `reel package`, the workers of `reel serve`
/// and `reel worker` all package through it.
///
/// ```swift
/// let runner = PackageJobRunner(job: job, environment: environment)
/// Task { for await event in runner.events { print(event) } }
/// let outcome = try await runner.run()
/// print(outcome.summary.manifests, outcome.destination)
/// ```
/// It resolves the ladder, checks every reference, replaces `{content_id}` in the output,
/// writes thumbnails and the poster, then packages the renditions; manifests come last, so a
/// failed run leaves nothing a player could pick up.
public final class PackageJobRunner: @unchecked Sendable {
    /// The request.
    let job: PackageJob
    /// Events from start to completion; the stream ends when `run()` returns.
    public let events: AsyncStream<ProgressEvent>
    private let continuation: AsyncStream<ProgressEvent>.Continuation
    private let environment: PackageJobEnvironment
    private let lock = NSLock()
    private var packager: Packager?
    private var cancelled = false
    private var knownContentID: String?
    private let logger = Logger(label: "reel.package")

    /// Creates a runner; nothing is read until `run()` or `contentID()`.
    /// - Parameters:
    ///   - job: The request.
    ///   - environment: Presets, reference policy, reading and output settings.
    public init(job: PackageJob, environment: PackageJobEnvironment) {
        self.job = job
        self.environment = environment
        (events, continuation) = AsyncStream.makeStream(of: ProgressEvent.self, bufferingPolicy: .bufferingNewest(4096))
    }

    /// What a finished run wrote.
    public struct Outcome: Sendable {
        /// The packaging summary.
        public var summary: PackageSummary
        /// Where the package went.
        public var destination: OutputDestination
        /// Every file written, thumbnails and manifests included.
        public var files: [WrittenFile]
    }

    /// A request checked and resolved, before any media is read.
    public struct Plan: Sendable {
        /// The packaging settings: the resolved ladder and the checked references.
        public var request: PackageRequest
        /// The source reference to read (the canonical form the policy checked).
        var source: String
    }

    /// Checks the request without reading media: the ladder, the timing, the formats, the
    /// thumbnails and poster, and every reference against the environment's policy.
    /// - Returns: The resolved plan.
    /// - Throws: `ReelError.permanent` naming the field.
    public func plan() throws(ReelError) -> Plan {
        try Self.plan(job, environment: environment)
    }

    /// See ``plan()``.
    public static func plan(_ job: PackageJob, environment: PackageJobEnvironment) throws(ReelError) -> Plan {
        guard !job.source.isEmpty else { throw .permanent("source: must name the media by reference") }
        guard !job.formats.isEmpty else { throw .permanent("formats: choose hls, dash or both") }
        if let poster = job.poster, !(poster >= 0 && poster.isFinite) {
            throw .permanent("poster: must be a time in seconds, 0 or more")
        }
        var ladder = try job.ladder.resolve(in: environment.catalog, allowFiles: environment.allowsLadderFiles)
        if let loudness = job.loudness {
            for index in ladder.audio.indices { ladder.audio[index].loudness = loudness }
        }
        let check = environment.checkReference ?? { reference, _ in reference }
        guard job.inputs.count <= 32 else { throw .permanent("inputs: at most 32 inputs") }
        var inputs: [MediaInput] = []
        for (index, input) in job.inputs.enumerated() {
            guard !input.source.isEmpty else { throw .permanent("inputs[\(index)].source: must name the media") }
            var checked = input
            checked.source = try check(input.source, "inputs[\(index)].source")
            inputs.append(checked)
        }
        if job.qualityReport && job.packageOnly {
            throw .permanent(
                "quality_report: package-only inputs are the renditions themselves, with no source to measure them "
                    + "against; measure a package with `reel quality SOURCE PACKAGE`")
        }
        if inputs.count > 1 && !job.packageOnly {
            throw .permanent(
                "inputs: several inputs are packaged as they are, without re-encoding: set package_only "
                    + "(--package-only)")
        }
        let source: String
        if let first = inputs.first {
            source = first.source
        } else {
            source = try check(job.source, "source")
        }
        var subtitles: [SubtitleInput] = []
        for (index, subtitle) in job.subtitles.enumerated() {
            var checked = subtitle
            checked.uri = try check(subtitle.uri, "subtitles[\(index)].source")
            subtitles.append(checked)
        }
        var request = PackageRequest(
            source: source, ladder: ladder, formats: Set(job.formats), segmentDuration: job.segmentDuration,
            keyframeInterval: job.keyframeInterval, hlsSegments: job.hlsSegments ?? .fmp4)
        request.sourceOptions = environment.sourceOptions
        request.inputs = inputs.isEmpty ? [MediaInput(source: source)] : inputs
        request.packageOnly = job.packageOnly
        request.subtitles = subtitles
        request.qualityReport = job.qualityReport
        request.cuePoints = job.cuePoints
        if var encryption = job.encryption {
            try encryption.validate(formats: job.formats, hlsSegments: job.hlsSegments ?? .fmp4)
            // A CPIX document is read like a source: the same allowed places, the same readers.
            if let cpix = encryption.cpix { encryption.cpix = try check(cpix, "encryption.cpix") }
            request.encryption = encryption
        }
        try request.validate()
        return Plan(request: request, source: source)
    }

    /// The source's content id (SHA-256), read once with one streamed pass when it is not known
    /// yet; `run()` reuses it.
    /// - Returns: The lowercase hex digest.
    /// - Throws: `ReelError` when the source cannot be read.
    public func contentID() async throws(ReelError) -> String {
        if let known = lock.withLock({ knownContentID }) { return known }
        let plan = try plan()
        let sources = plan.request.inputs.map { MediaSource(uri: $0.source) }
        let options = environment.sourceOptions
        let id = try await onThread("reel.content-id") {
            Result { () throws(ReelError) in
                var digests: [String] = []
                for source in sources { digests.append(try source.contentID(options: options)) }
                return MediaSource.contentID(of: digests)
            }
        }.get()
        lock.withLock { knownContentID = id }
        if isCancelled { throw .cancelled }
        return id
    }

    /// Packages the request.
    /// - Parameter wrapOutput: Wraps the output backend (the service guards writes with the
    ///   job's claim), or nil.
    /// - Returns: The summary and where the package went.
    /// - Throws: `ReelError`, classified for retry decisions; `.cancelled` after `cancel()`.
    public func run(
        wrapOutput: (@Sendable (any MultiFileOutput) -> any MultiFileOutput)? = nil
    ) async throws(ReelError) -> Outcome {
        defer { continuation.finish() }
        let plan = try plan()
        var outputText = job.output
        if let template = outputText, template.contains(MediaSource.contentIDPlaceholder) {
            outputText = template.replacingOccurrences(
                of: MediaSource.contentIDPlaceholder, with: try await contentID())
        }
        let destination = try environment.destination(outputText)
        var output: any MultiFileOutput
        if let makeOutput = environment.makeOutput {
            output = try makeOutput(destination)
        } else {
            do {
                output = try destination.makeOutput(s3: environment.s3, environment: environment.environment)
            } catch {
                throw .permanent("output \(destination): \(error)")
            }
        }
        if let wrapOutput { output = wrapOutput(output) }
        if isCancelled {
            output.abort()
            throw .cancelled
        }
        var images: [ImageTrackFacts] = []
        if job.thumbnails != nil || job.poster != nil {
            // Players find the sprites through the manifests: an HLS image playlist, a DASH image set.
            images = try await writeThumbnails(source: plan.source, to: output).map { [$0.facts] } ?? []
        }
        let packager = Packager(request: plan.request, output: output, images: images)
        let stopped = lock.withLock { () -> Bool in
            self.packager = packager
            return cancelled
        }
        if stopped { packager.cancel() }
        let forward = Task { [continuation] in for await event in packager.events { continuation.yield(event) } }
        let result: Result<PackageSummary, ReelError>
        do throws(ReelError) {
            result = .success(try await packager.run())
        } catch {
            result = .failure(error)
        }
        await forward.value
        // A worker runs job after job: what this one's encoders freed goes back to the system
        // (a few milliseconds on this thread; other jobs' allocations are left alone).
        FreedMemory.returnToSystem()
        var summary = try result.get()
        if summary.contentID == nil { summary.contentID = lock.withLock { knownContentID } }
        return Outcome(summary: summary, destination: destination, files: output.writtenFiles)
    }

    /// Stops the run as soon as possible; `run()` then throws `ReelError.cancelled`.
    public func cancel() {
        let packager = lock.withLock { () -> Packager? in
            cancelled = true
            return self.packager
        }
        packager?.cancel()
    }

    private var isCancelled: Bool { lock.withLock { cancelled } }

    /// Sprite sheets, their WebVTT track and the poster, written into the package before the
    /// renditions, on a thread of their own (FFmpeg work stays off the concurrency pool).
    private func writeThumbnails(source: String, to output: any MultiFileOutput) async throws(ReelError)
        -> ThumbnailTrack?
    {
        let (thumbnails, poster, options) = (job.thumbnails, job.poster, environment.sourceOptions)
        let result = await onThread("reel.thumbnails") {
            Result { () throws(ReelError) in
                try ThumbnailWriter.write(
                    source: MediaSource(uri: source), thumbnails: thumbnails, poster: poster, options: options,
                    to: output)
            }
        }
        switch result {
        case .success(let written): return written.track
        case .failure(let error):
            output.abort()
            throw error
        }
    }
}
