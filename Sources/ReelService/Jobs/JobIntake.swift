import Foundation
import HTTPTypes
import ReelCore
import ReelJobs
import ReelOutput

/// Checks a job before it is queued (ladder, source policy, output, callback) so a caller learns
/// about a mistake at once, then stores it and wakes a worker.
struct JobIntake: Sendable {
    let store: any JobStore
    let settings: WorkerSettings
    let signals: JobSignals
    let maxAttempts: Int
    let limits: JobFieldLimits

    /// Queues a job, or returns the existing one with the same idempotency key.
    /// - Parameters:
    ///   - spec: What the job asks for.
    ///   - idempotencyKey: The key that makes a repeated request return the same job.
    ///   - owner: The tenant creating the job, or nil.
    ///   - requestMustMatch: Refuse a repeated key that asks for something else (the API's
    ///     `Idempotency-Key`), rather than return the key's job (hooks).
    /// - Returns: The job and whether it was created now.
    /// - Throws: `ServiceError`: 400 naming the bad field, 403 for a source the policy refuses,
    ///   409 `output_taken` for an output another job holds, 422 `idempotency_mismatch` for a key
    ///   reused with another request, 503 (with `Retry-After`) when the store is unavailable.
    func submit(
        _ spec: PackageJob, idempotencyKey: String? = nil, owner: String? = nil, requestMustMatch: Bool = false
    ) async throws(ServiceError) -> (job: Job, created: Bool) {
        let spec = try check(spec, owner: owner)
        do {
            let result = try await store.enqueue(
                NewJob(
                    spec: spec, idempotencyKey: idempotencyKey, maxAttempts: maxAttempts, owner: owner,
                    requestMustMatch: requestMustMatch))
            if result.created { signals.signal(JobSignals.work) }
            return result
        } catch .outputTaken(let output, let holder) {
            // A tenant learns that the location is taken, not which job of which tenant holds it.
            let whose = owner == nil ? "job \(holder)" : "another job"
            throw ServiceError(
                .conflict, kind: "output_taken",
                "output: '\(output)' is, contains or lies inside the output of \(whose); choose another output")
        } catch .idempotencyMismatch(let existing) {
            throw ServiceError(
                .unprocessableContent, kind: "idempotency_mismatch",
                "Idempotency-Key: already used by job \(existing) for a different request; use a new key")
        } catch {
            throw .storeUnavailable(error)
        }
    }

    /// Checks a job and returns it as it will be stored: every reference (the source, each
    /// subtitle sidecar, the callback URL) in the canonical form the policy checked, so the worker
    /// opens exactly what was allowed; then the rest of the request as the worker will plan it
    /// (ladder by preset name or inline, timing, formats, thumbnails, poster).
    private func check(_ spec: PackageJob, owner: String?) throws(ServiceError) -> PackageJob {
        var checked = spec
        try limits.check(spec)
        guard !spec.source.isEmpty else { throw .badRequest("source: must name the media by reference") }
        do {
            _ = try settings.location.destination(for: spec.output, jobID: JobID("check"), owner: owner)
        } catch {
            throw .badRequest("output: \(error.description)")
        }
        do throws(ReferenceRefusal) {
            checked.callbackURL = try spec.callbackURL.map { (url) throws(ReferenceRefusal) in
                try settings.policy.checkCallback(url, unresolvedIsAccepted: true).address.description
            }
        } catch {
            throw Self.refusal(error, kind: "callback_not_allowed")
        }
        do throws(ReferenceRefusal) {
            checked.source = try settings.policy.admit(spec.source)
        } catch {
            throw Self.refusal(error, kind: "source_not_allowed")
        }
        for index in checked.subtitles.indices {
            do throws(ReferenceRefusal) {
                checked.subtitles[index].uri = try settings.policy.admit(spec.subtitles[index].uri)
            } catch {
                let named = ReferenceRefusal(error.kind, "subtitles[\(index)].source: \(error.message)")
                throw Self.refusal(named, kind: "source_not_allowed")
            }
        }
        let environment = PackageJobEnvironment(
            catalog: settings.catalog, allowsLadderFiles: false,
            destination: { _ throws(ReelError) in .directory(path: "/") })
        do {
            _ = try PackageJobRunner.plan(checked, environment: environment)
        } catch {
            throw .badRequest(error.description)
        }
        return checked
    }

    /// 400 for a malformed reference, 403 for one the policy refuses, 503 when its host cannot be
    /// resolved now.
    private static func refusal(_ error: ReferenceRefusal, kind: String) -> ServiceError {
        switch error.kind {
        case .malformed: .badRequest(error.message)
        case .unresolvable: ServiceError(.serviceUnavailable, kind: "transient", error.message)
        case .notAllowed, .privateNetwork: ServiceError(.forbidden, kind: kind, error.message)
        }
    }
}
