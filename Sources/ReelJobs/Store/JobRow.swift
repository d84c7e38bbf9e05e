import ReelCore
import Foundation

/// A job as a store's row holds it: JSON columns as text and the status as its name, before
/// they are decoded into a `Job`. Both stores read their rows into this.
struct JobRow: Sendable {
    var id: String
    var spec: String
    var status: String
    var progress: Double
    var attempts: Int
    var maxAttempts: Int
    var worker: String?
    var error: String?
    var result: String?
    var cancelRequested: Bool
    var idempotencyKey: String?
    var owner: String?
    var createdAt: Date
    var updatedAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    var runAfter: Date
    var leaseExpiresAt: Date?

    /// Decodes the JSON columns and the status.
    /// - Returns: The job.
    func job() throws(JobStoreError) -> Job {
        guard let status = JobStatus(rawValue: status) else {
            throw .invalid("job \(id) has an unknown status '\(status)'")
        }
        return Job(
            id: JobID(id), spec: try JobJSON.decode(PackageJob.self, from: spec, column: "spec"), status: status,
            progress: progress, attempts: attempts, maxAttempts: maxAttempts, worker: worker,
            error: try error.map { (text) throws(JobStoreError) in
                try JobJSON.decode(JobFailure.self, from: text, column: "error")
            },
            result: try result.map { (text) throws(JobStoreError) in
                try JobJSON.decode(JobResult.self, from: text, column: "result")
            },
            cancelRequested: cancelRequested, idempotencyKey: idempotencyKey, owner: owner, createdAt: createdAt,
            updatedAt: updatedAt, startedAt: startedAt, finishedAt: finishedAt, runAfter: runAfter,
            leaseExpiresAt: leaseExpiresAt)
    }
}
