import Foundation
import ReelCore
import SQLiteNIO

/// The callback outbox of the SQLite store (`reel_callbacks`).
extension SQLiteJobStore {
    /// Adds a finished job's callback to the outbox, inside the caller's transaction, when the
    /// job is final and has a callback URL (once per job).
    func insertCallback(for job: Job, at now: Double) async throws {
        guard job.status.isFinal, let url = job.spec.callbackURL else { return }
        _ = try await connection.query(
            """
            INSERT INTO reel_callbacks (job_id, url, created_at, updated_at, next_attempt_at)
            VALUES (?1, ?2, ?3, ?3, ?3)
            ON CONFLICT (job_id) DO NOTHING
            """,
            [.text(job.id.rawValue), .text(url), .float(now)])
    }

    func claimCallbacks(worker: String, lease: Double, limit: Int) async throws(JobStoreError)
        -> [CallbackDelivery]
    {
        guard limit > 0 else { return [] }
        return try await serialized { _ in
            let now = Date().timeIntervalSince1970
            // One statement: the write lock is taken before the subquery reads, so no other
            // process claims the same rows in between.
            let rows = try await self.connection.query(
                """
                UPDATE reel_callbacks
                SET attempts = attempts + 1, worker = ?2, next_attempt_at = ?1 + ?3, updated_at = ?1
                WHERE job_id IN (
                    SELECT job_id FROM reel_callbacks
                    WHERE status = 'pending' AND next_attempt_at <= ?1
                    ORDER BY next_attempt_at, created_at
                    LIMIT ?4)
                RETURNING job_id, url, status, attempts, ?1 - created_at AS age, last_error
                """,
                [.float(now), .text(worker), .float(max(0, lease)), .integer(SQLiteInt64(limit))])
            var deliveries: [CallbackDelivery] = []
            for row in rows {
                deliveries.append(try await self.delivery(row))
            }
            return deliveries.sorted { $0.age > $1.age }
        }
    }

    @discardableResult
    func recordCallback(_ id: JobID, worker: String, attempt: Int, outcome: CallbackOutcome)
        async throws(JobStoreError) -> Bool
    {
        // ?1 now, ?2 id; for a claim holder's outcome ?3 worker, ?4 attempt, ?5 the error, ?6 the delay.
        let change: (sql: String, binds: [SQLiteData])
        let claim: [SQLiteData] = [.text(worker), .integer(SQLiteInt64(attempt))]
        switch outcome {
        case .delivered:
            change = ("status = 'delivered', finished_at = ?1 WHERE job_id = ?2 AND status = 'pending'", [])
        case .retry(let delay, let error):
            change = (
                """
                last_error = ?5, next_attempt_at = ?1 + ?6, worker = NULL
                WHERE job_id = ?2 AND status = 'pending' AND worker = ?3 AND attempts = ?4
                """,
                claim + [.text(error), .float(max(0, delay))]
            )
        case .abandoned(let error):
            change = (
                """
                status = 'abandoned', last_error = ?5, finished_at = ?1
                WHERE job_id = ?2 AND status = 'pending' AND worker = ?3 AND attempts = ?4
                """,
                claim + [.text(error)]
            )
        }
        return try await serialized { _ in
            let now = Date().timeIntervalSince1970
            let rows = try await self.connection.query(
                "UPDATE reel_callbacks SET updated_at = ?1, \(change.sql) RETURNING job_id",
                [.float(now), .text(id.rawValue)] + change.binds)
            return !rows.isEmpty
        }
    }

    func callback(of id: JobID) async throws(JobStoreError) -> CallbackDelivery? {
        try await serialized { _ in
            let now = Date().timeIntervalSince1970
            let rows = try await self.connection.query(
                """
                SELECT job_id, url, status, attempts, ?2 - created_at AS age, last_error
                FROM reel_callbacks WHERE job_id = ?1
                """,
                [.text(id.rawValue), .float(now)])
            guard let row = rows.first else { return nil }
            return try await self.delivery(row)
        }
    }

    /// Reads an outbox row (`job_id, url, status, attempts, age, last_error`) and its job.
    private func delivery(_ row: SQLiteRow) async throws -> CallbackDelivery {
        guard let id = row.column("job_id")?.string, let url = row.column("url")?.string,
            let state = row.column("status")?.string.flatMap(CallbackDelivery.State.init(rawValue:)),
            let attempts = row.column("attempts")?.integer, let age = row.column("age")?.double
        else { throw JobStoreError.invalid("a callback row has NULL or unknown columns") }
        guard let job = try await jobs("SELECT * FROM reel_jobs WHERE id = ?1", [.text(id)]).first else {
            throw JobStoreError.invalid("the callback of job \(id) has no job")
        }
        return CallbackDelivery(
            job: job, url: url, state: state, attempts: attempts, age: max(0, age),
            lastError: row.column("last_error")?.string)
    }
}
