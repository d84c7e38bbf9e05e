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
    let logger = Logger(label: "reel.worker")

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
        // Each attempt announces itself, so a stream shows why a second `started` follows a first.
        let claim = #"{"attempt":\#(job.attempts),"event":"attempt","worker":"\#(worker)"}"#
        await append(job.id, name: "attempt", data: claim)
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
            Task { [policy = settings.policy] in await callbacks.deliver(finished, to: url, policy: policy) }
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
        // The packager opens exactly the reference the policy checked, never the string as given.
        let checkedSource = try settings.policy.check(spec.source)
        let destination = try settings.location.destination(for: spec.output, jobID: job.id, owner: job.owner)
        var sourceOptions = settings.sourceOptions
        sourceOptions.environment = settings.environment
        sourceOptions.requiresCanonicalPaths = true
        if !settings.policy.allowPrivateNetworks {
            // A redirect could lead into the private network the policy keeps sources out of.
            sourceOptions.maxRedirects = 0
        }
        let source = MediaSource(uri: checkedSource)
        let options = sourceOptions
        let contentID = try await onThread("reel.content-id") {
            Result { () throws(ReelError) in try source.contentID(options: options) }
        }.get()
        if control.stop != nil { throw .cancelled }
        let recipe = PackageRecipe(ladder: ladder, job: job).hash
        if let earlier = try await reusable(contentID: contentID, recipe: recipe, for: job) {
            return earlier
        }

        let output = try makeOutput(destination)
        var request = PackageRequest(
            source: checkedSource, ladder: ladder, formats: Set(spec.formats), hlsSegments: spec.hlsSegments ?? .fmp4)
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
            bytes: summary.totalBytes, duration: summary.duration, wallTime: summary.wallTime,
            files: Dictionary(output.writtenFiles.map { ($0.path.string, $0.byteSize) }) { _, last in last })
    }

}
