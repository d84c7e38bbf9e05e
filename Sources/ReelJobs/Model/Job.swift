import Foundation
import ReelCore

/// A job as the store holds it and the API shows it.
public struct Job: Sendable, Equatable, Codable {
    public var id: JobID
    var spec: PackageJob
    public var status: JobStatus
    /// 0…1 while running; 1 when succeeded.
    var progress: Double
    /// Attempts started so far (a claim counts one).
    var attempts: Int
    /// Attempts allowed before a transient failure becomes final.
    var maxAttempts: Int
    /// The worker that holds (or last held) the job.
    var worker: String?
    /// The final error, or the last attempt's error while a retry waits.
    var error: JobFailure?
    var result: JobResult?
    /// Set by `DELETE /v1/jobs/{id}` while the job runs; the worker stops and records `cancelled`.
    var cancelRequested: Bool
    /// The key that makes hooks idempotent (the same object and ladder make one job).
    var idempotencyKey: String?
    /// The tenant that created the job (an id from the API token's configuration, never a token);
    /// nil for hook jobs and single-tenant services. A tenant sees and cancels only its own jobs.
    var owner: String?
    var createdAt: Date
    var updatedAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    /// The earliest time a queued job may be claimed (later than now while a retry backs off).
    var runAfter: Date
    /// Until when the worker's claim holds; a running job past it is claimed again.
    var leaseExpiresAt: Date?

    /// Creates a job.
    init(
        id: JobID, spec: PackageJob, status: JobStatus = .queued, progress: Double = 0, attempts: Int = 0,
        maxAttempts: Int, worker: String? = nil, error: JobFailure? = nil, result: JobResult? = nil,
        cancelRequested: Bool = false, idempotencyKey: String? = nil, owner: String? = nil, createdAt: Date,
        updatedAt: Date,
        startedAt: Date? = nil, finishedAt: Date? = nil, runAfter: Date, leaseExpiresAt: Date? = nil
    ) {
        self.id = id
        self.spec = spec
        self.status = status
        self.progress = progress
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.worker = worker
        self.error = error
        self.result = result
        self.cancelRequested = cancelRequested
        self.idempotencyKey = idempotencyKey
        self.owner = owner
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.runAfter = runAfter
        self.leaseExpiresAt = leaseExpiresAt
    }

    enum CodingKeys: String, CodingKey {
        case id, status, progress, attempts, worker, error, result, owner
        case spec = "request"
        case maxAttempts = "max_attempts"
        case cancelRequested = "cancel_requested"
        case idempotencyKey = "idempotency_key"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case runAfter = "run_after"
        case leaseExpiresAt = "lease_expires_at"
    }
}
