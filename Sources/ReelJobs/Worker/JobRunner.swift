import Foundation
import Logging
import Metrics
import ReelCore
import ReelOutput

/// Runs one claimed attempt of a job: checks the source against the policy, computes the content
/// id (reusing an earlier identical package), packages, streams events into the store, keeps the
/// lease alive, and records the outcome — then posts the callback.
public struct JobRunner: Sendable {
    public let store: any JobStore
    public let settings: WorkerSettings
    public let signals: JobSignals
    private let logger = Logger(label: "reel.worker")

    /// Seconds between stored `progress` events of one job (others are stored as they come).
    static let progressInterval = 0.5

    /// Creates a runner.
    /// - Parameters:
    ///   - store: The job store.
    ///   - settings: Ladders, policy, destination, timing.
    ///   - signals: In-process wake-ups for event streams.
    public init(store: any JobStore, settings: WorkerSettings, signals: JobSignals) {
        self.store = store
        self.settings = settings
        self.signals = signals
    }

    /// Runs a claimed attempt to its end and records the outcome unless the claim was lost.
    /// - Parameters:
    ///   - job: The job as `claim` returned it.
    ///   - worker: The claiming worker's name.
    ///   - control: The attempt's stop switches.
    func run(_ job: Job, worker: String, control: JobControl) async {
        let started = Date()
        let heartbeat = Task { await keepLease(job, worker: worker, control: control) }
        let outcome = await attempt(job, control: control)
        heartbeat.cancel()
        let finalOutcome: JobOutcome
        switch control.stop {
        case .lost:
            logger.warning("job \(job.id): the claim was lost to another worker; its outcome is not recorded")
            return
        case .released:
            finalOutcome = .released
        case .cancelled:
            finalOutcome = outcome == .released ? .released : .cancelled
        case nil:
            finalOutcome = outcome
        }
        let finished: Job?
        do {
            finished = try await store.finish(job.id, worker: worker, attempt: job.attempts, outcome: finalOutcome)
        } catch {
            logger.error(
                "job \(job.id): the outcome could not be stored: \(error); the lease will expire and it runs again")
            return
        }
        signals.signal(JobSignals.events(of: job.id))
        guard let finished else {
            logger.warning("job \(job.id): the claim was lost before the outcome was stored")
            return
        }
        record(finished, wallTime: Date().timeIntervalSince(started))
        if finished.status.isFinal, let url = finished.spec.callbackURL {
            let callbacks = settings.callbacks
            Task { await callbacks.deliver(finished, to: url) }
        }
    }

    /// One attempt, with every failure turned into an outcome.
    private func attempt(_ job: Job, control: JobControl) async -> JobOutcome {
        if job.cancelRequested { return .cancelled }
        guard job.attempts <= job.maxAttempts else {
            let message =
                "gave up after \(job.maxAttempts) attempts: the last one stopped without finishing (worker lost)"
            return .failed(JobFailure(kind: "permanent", message: message))
        }
        do throws(ReelError) {
            return .succeeded(try await package(job, control: control))
        } catch {
            if control.stop == .released { return .released }
            if error == .cancelled { return .cancelled }
            let failure = JobFailure(error)
            logger.warning("job \(job.id) attempt \(job.attempts): \(error)")
            if error.isRetryable && job.attempts < job.maxAttempts {
                return .retry(failure, after: settings.retry.nextRun(after: job.attempts))
            }
            if case .transient(let message) = error {
                // No retry is left: say so instead of "retrying may succeed".
                return .failed(
                    JobFailure(kind: error.kind, message: "gave up after \(job.attempts) attempts: \(message)"))
            }
            return .failed(failure)
        }
    }

    private func package(_ job: Job, control: JobControl) async throws(ReelError) -> JobResult {
        let spec = job.spec
        let ladder: Ladder
        do {
            ladder = try settings.catalog.resolve(spec.ladder)
        } catch {
            throw .permanent("ladder '\(spec.ladder)': \(error.description)")
        }
        try settings.policy.check(spec.source)
        let destination = try settings.location.destination(for: spec.output, jobID: job.id)
        var sourceOptions = settings.sourceOptions
        sourceOptions.environment = settings.environment
        if !settings.policy.allowPrivateNetworks {
            // A redirect could lead into the private network the policy keeps sources out of.
            sourceOptions.maxRedirects = 0
        }
        let source = MediaSource(uri: spec.source)
        let options = sourceOptions
        let contentID = try await onThread("reel.content-id") {
            Result { () throws(ReelError) in try source.contentID(options: options) }
        }.get()
        if control.stop != nil { throw .cancelled }
        let recipe = PackageRecipe(ladder: ladder, spec: spec).hash
        if let earlier = try await reusable(contentID: contentID, recipe: recipe, for: job) {
            return earlier
        }

        let output: any MultiFileOutput
        do {
            output = try destination.makeOutput(s3: settings.s3, environment: settings.environment)
        } catch {
            throw .permanent("output \(destination): \(error)")
        }
        var request = PackageRequest(
            source: spec.source, ladder: ladder, formats: Set(spec.formats), hlsSegments: spec.hlsSegments ?? .fmp4)
        request.sourceOptions = sourceOptions
        let packager = Packager(request: request, output: ClaimGuardedOutput(wrapping: output, control: control))
        control.attach(packager)
        let pump = Task { await storeEvents(of: packager, job: job.id, control: control) }
        let summary: PackageSummary
        do throws(ReelError) {
            summary = try await packager.run()
        } catch {
            await pump.value
            throw error
        }
        await pump.value
        return JobResult(
            output: destination.description, manifests: manifestURLs(summary.manifests, in: destination),
            contentID: summary.contentID ?? contentID, recipe: recipe, renditions: summary.renditions,
            bytes: summary.totalBytes, duration: summary.duration, wallTime: summary.wallTime)
    }

    /// The result of an earlier job with the same content and recipe, when there is one.
    private func reusable(contentID: String, recipe: String, for job: Job) async throws(ReelError) -> JobResult? {
        let earlier: Job?
        do {
            earlier = try await store.succeededJob(contentID: contentID, recipe: recipe)
        } catch {
            throw .transient(error.description)
        }
        guard let earlier, earlier.id != job.id, var result = earlier.result else { return nil }
        guard await packageExists(result) else {
            logger.info("job \(job.id): the package of job \(earlier.id) is gone; packaging again")
            return nil
        }
        let origin = result.reusedFrom ?? earlier.id
        result.reusedFrom = origin
        result.wallTime = 0
        let message =
            "identical content (\(contentID.prefix(12))…) was packaged by job \(origin); reusing its package"
        await append(job.id, name: "warning", data: ProgressEvent.warning(message).jsonLine())
        return result
    }

    /// Whether every manifest of an earlier package is still where its result says.
    private func packageExists(_ result: JobResult) async -> Bool {
        guard let destination = try? OutputDestination(parsing: result.output) else { return false }
        let names = result.manifests.values.compactMap { $0.split(separator: "/").last.map(String.init) }
        guard !names.isEmpty else { return false }
        switch destination {
        case .directory(let path):
            return names.allSatisfy { FileManager.default.fileExists(atPath: path + "/" + $0) }
        case .zip:
            return false
        case .s3(let bucket, let prefix):
            let settings = self.settings
            return await onThread("reel.package-check") {
                guard
                    let configuration = try? S3Configuration(
                        bucket: bucket, prefix: prefix, environment: settings.environment,
                        endpoint: settings.s3.endpoint, addressing: settings.s3.addressing)
                else { return false }
                let client = S3Client(configuration: configuration)
                return names.allSatisfy { name in
                    (try? client.listKeys(prefix: prefix + name))?.contains(prefix + name) ?? false
                }
            }
        }
    }

    /// Copies the packager's events into the store (progress at most every `progressInterval`).
    private func storeEvents(of packager: Packager, job: JobID, control: JobControl) async {
        var lastProgress = Date.distantPast
        for await event in packager.events {
            if case .progress(let update) = event {
                control.progress = update.fraction
                let now = Date()
                guard now.timeIntervalSince(lastProgress) >= Self.progressInterval || update.fraction >= 1 else {
                    continue
                }
                lastProgress = now
            }
            await append(job, name: event.name, data: event.jsonLine())
        }
    }

    private func append(_ job: JobID, name: String, data: String) async {
        do {
            try await store.appendEvent(job, name: name, data: data)
            signals.signal(JobSignals.events(of: job))
        } catch {
            logger.warning("job \(job): event '\(name)' not stored: \(error)")
        }
    }

    /// Renews the lease until cancelled; stops the attempt on a cancel request or a lost claim.
    ///
    /// A worker that cannot reach the store stops itself before its lease can run out (after three
    /// quarters of it), so that it is gone — its partial output cleaned up — before another worker
    /// can claim the job and write the same files.
    private func keepLease(_ job: Job, worker: String, control: JobControl) async {
        var lastRenewal = Date()
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(settings.heartbeatInterval))
            guard !Task.isCancelled else { return }
            do {
                let status = try await store.heartbeat(
                    job.id, worker: worker, attempt: job.attempts, lease: settings.lease, progress: control.progress)
                switch status {
                case .held(let cancelRequested):
                    lastRenewal = Date()
                    if cancelRequested { control.request(.cancelled) }
                case .lost:
                    control.request(.lost)
                    return
                }
            } catch {
                // The store may come back before the lease runs out; the next beat tries again.
                logger.warning("job \(job.id): heartbeat failed: \(error)")
                if Date().timeIntervalSince(lastRenewal) > settings.lease * 0.75 {
                    logger.error("job \(job.id): no heartbeat for \(Int(settings.lease * 0.75)) s; giving the job up")
                    control.request(.lost)
                    return
                }
            }
        }
    }

    /// Manifest locations: under the public base URL when configured, else the destination itself.
    private func manifestURLs(_ manifests: [String], in destination: OutputDestination) -> [String: String] {
        var base = destination.description
        if let publicBase = settings.publicBaseURL {
            let root = settings.location.root.description
            let relative = base.hasPrefix(root) ? String(base.dropFirst(root.count)) : base
            base =
                (publicBase.hasSuffix("/") ? publicBase : publicBase + "/")
                + (relative.hasPrefix("/") ? String(relative.dropFirst()) : relative)
        }
        if !base.hasSuffix("/") { base += "/" }
        var result: [String: String] = [:]
        for manifest in manifests {
            if manifest.hasSuffix(".m3u8") && !manifest.contains("/") { result["hls"] = base + manifest }
            if manifest.hasSuffix(".mpd") { result["dash"] = base + manifest }
        }
        return result
    }

    private func record(_ job: Job, wallTime: Double) {
        let status = job.status.rawValue
        Counter(label: "reel_jobs_finished_total", dimensions: [("status", status)]).increment()
        guard job.status == .succeeded, let result = job.result, result.reusedFrom == nil else { return }
        Timer(label: "reel_job_duration_seconds").recordSeconds(wallTime)
        Counter(label: "reel_bytes_written_total").increment(by: result.bytes)
        if result.wallTime > 0 {
            Recorder(label: "reel_encode_speed", aggregate: true).record(result.duration / result.wallTime)
        }
    }
}
