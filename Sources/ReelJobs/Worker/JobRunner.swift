import Foundation
import Logging
import Metrics
import ReelCore
import ReelHTTP
import ReelOutput

/// Runs one claimed attempt of a job: checks the source against the policy, computes the content
/// id (reusing an earlier identical package), packages, streams events into the store, keeps the
/// lease alive, and records the outcome (with the callback, when the job asks for one, in the
/// store's outbox for `CallbackDispatcher`).
public struct JobRunner: Sendable {
    let store: any JobStore
    public let settings: WorkerSettings
    let signals: JobSignals
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
        if finished.status.isFinal, finished.spec.callbackURL != nil {
            // `finish` put the callback in the outbox; this process's dispatcher sends it now.
            signals.signal(JobSignals.callbacks)
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
        let runner = PackageJobRunner(job: job.spec, environment: packageEnvironment(for: job))
        let plan = try runner.plan()
        let contentID = try await runner.contentID()
        if control.stop != nil { throw .cancelled }
        let recipe = PackageRecipe(ladder: plan.request.ladder, job: job).hash
        if let earlier = try await reusable(contentID: contentID, recipe: recipe, for: job) {
            return earlier
        }
        control.attach(runner)
        let pump = Task { await storeEvents(runner.events, job: job.id, control: control) }
        let outcome: PackageJobRunner.Outcome
        do throws(ReelError) {
            outcome = try await runner.run { output in ClaimGuardedOutput(wrapping: output, control: control) }
        } catch {
            await pump.value
            throw error
        }
        await pump.value
        let summary = outcome.summary
        var result = JobResult(
            output: outcome.destination.description,
            manifests: manifestURLs(summary.manifests, in: outcome.destination),
            contentID: summary.contentID ?? contentID, recipe: recipe, renditions: summary.renditions,
            bytes: summary.totalBytes, duration: summary.duration, wallTime: summary.wallTime,
            files: Dictionary(outcome.files.map { ($0.path.string, $0.byteSize) }) { _, last in last })
        result.qualityReport = summary.qualityReport.map { qualityReportURLs($0, in: outcome.destination) }
        result.loudness = summary.loudness
        return result
    }

    /// How a job's request is run here: presets by name only, every reference checked by the
    /// policy and opened exactly as checked, the package confined to the job's output location.
    func packageEnvironment(for job: Job) -> PackageJobEnvironment {
        var sourceOptions = settings.sourceOptions
        sourceOptions.environment = settings.environment
        sourceOptions.requiresCanonicalPaths = true
        if !settings.policy.allowPrivateNetworks {
            // A redirect could lead into the private network the policy keeps sources out of.
            sourceOptions.maxRedirects = 0
        }
        // Each http(s) reference is read from the addresses its check resolved, nowhere else.
        let pins = AddressPins(required: !settings.policy.allowPrivateNetworks)
        sourceOptions.addressPins = pins
        let (policy, location, id, owner) = (settings.policy, settings.location, job.id, job.owner)
        let runner = self
        return PackageJobEnvironment(
            catalog: settings.catalog, allowsLadderFiles: false, sourceOptions: sourceOptions, s3: settings.s3,
            environment: settings.environment,
            checkReference: { (reference, field) throws(ReelError) in
                do throws(ReferenceRefusal) {
                    let admitted = try policy.admitted(reference)
                    if let web = admitted.web {
                        pins.pin(
                            host: web.address.bareHost, port: web.address.effectivePort, entries: web.resolveEntries)
                    }
                    return admitted.reference
                } catch {
                    guard field != "source" else { throw error.reelError }
                    let message = "\(field): \(error.message)"
                    throw error.kind == .unresolvable ? .transient(message) : .permanent(message)
                }
            },
            makeOutput: { (destination) throws(ReelError) in try runner.makeOutput(destination) },
            destination: { (output) throws(ReelError) in try location.destination(for: output, jobID: id, owner: owner)
            })
    }
}
