import Foundation
import PostgresNIO

extension JobRow {
    /// The columns a job query selects or returns, in the shape `init(postgres:)` reads.
    static let postgresColumns = """
        id, spec::text AS spec, status, progress, attempts, max_attempts, worker, error::text AS error, \
        result::text AS result, cancel_requested, idempotency_key, owner, created_at, updated_at, started_at, \
        finished_at, run_after, lease_expires_at
        """

    /// Reads a row of `postgresColumns`.
    /// - Parameter row: The row.
    init(postgres row: PostgresRow) throws(JobStoreError) {
        let row = row.makeRandomAccess()
        do {
            self.init(
                id: try row["id"].decode(String.self), spec: try row["spec"].decode(String.self),
                status: try row["status"].decode(String.self), progress: try row["progress"].decode(Double.self),
                attempts: try row["attempts"].decode(Int.self), maxAttempts: try row["max_attempts"].decode(Int.self),
                worker: try row["worker"].decode(String?.self), error: try row["error"].decode(String?.self),
                result: try row["result"].decode(String?.self),
                cancelRequested: try row["cancel_requested"].decode(Bool.self),
                idempotencyKey: try row["idempotency_key"].decode(String?.self),
                owner: try row["owner"].decode(String?.self),
                createdAt: try row["created_at"].decode(Date.self), updatedAt: try row["updated_at"].decode(Date.self),
                startedAt: try row["started_at"].decode(Date?.self),
                finishedAt: try row["finished_at"].decode(Date?.self),
                runAfter: try row["run_after"].decode(Date.self),
                leaseExpiresAt: try row["lease_expires_at"].decode(Date?.self))
        } catch {
            throw .invalid("a job row: \(PostgresErrorText.describe(error))")
        }
    }
}
