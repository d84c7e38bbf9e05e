import Foundation
import PostgresNIO
import ReelCore

/// The callback outbox of the PostgreSQL store (`reel_callbacks`).
extension PostgresJobStore {
    /// The outbox columns a delivery is read from.
    private static let callbackColumns = """
        job_id, url, status, attempts, extract(epoch FROM now() - created_at)::double precision AS age, last_error
        """

    /// Adds a finished job's callback to the outbox on `connection` (inside the caller's
    /// transaction), when the job is final and has a callback URL (once per job).
    func insertCallback(for job: Job, on connection: PostgresConnection) async throws {
        guard job.status.isFinal, let url = job.spec.callbackURL else { return }
        _ = try await connection.query(
            """
            INSERT INTO reel_callbacks (job_id, url, created_at, updated_at, next_attempt_at)
            VALUES (\(job.id.rawValue), \(url), now(), now(), now())
            ON CONFLICT (job_id) DO NOTHING
            """, logger: logger
        ).collect()
    }

    func claimCallbacks(worker: String, lease: Double, limit: Int) async throws(JobStoreError)
        -> [CallbackDelivery]
    {
        guard limit > 0 else { return [] }
        return try await perform { _ in
            // The subquery locks the rows it picks and skips rows other claimers hold; a row
            // another claim changed meanwhile is checked again, so a delivery is claimed once.
            let rows = try await self.rows(
                """
                UPDATE reel_callbacks
                SET attempts = attempts + 1, worker = \(worker),
                    next_attempt_at = now() + make_interval(secs => \(max(0, lease))), updated_at = now()
                WHERE job_id IN (
                    SELECT job_id FROM reel_callbacks
                    WHERE status = 'pending' AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, created_at
                    LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                AND status = 'pending' AND next_attempt_at <= now()
                RETURNING \(unescaped: Self.callbackColumns)
                """)
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
        try await perform { _ in
            let rows: [PostgresRow]
            switch outcome {
            case .delivered:
                rows = try await self.rows(
                    """
                    UPDATE reel_callbacks SET status = 'delivered', finished_at = now(), updated_at = now()
                    WHERE job_id = \(id.rawValue) AND status = 'pending'
                    RETURNING job_id
                    """)
            case .retry(let delay, let error):
                rows = try await self.rows(
                    """
                    UPDATE reel_callbacks
                    SET last_error = \(error), next_attempt_at = now() + make_interval(secs => \(max(0, delay))),
                        worker = NULL, updated_at = now()
                    WHERE job_id = \(id.rawValue) AND status = 'pending' AND worker = \(worker)
                        AND attempts = \(attempt)
                    RETURNING job_id
                    """)
            case .abandoned(let error):
                rows = try await self.rows(
                    """
                    UPDATE reel_callbacks
                    SET status = 'abandoned', last_error = \(error), finished_at = now(), updated_at = now()
                    WHERE job_id = \(id.rawValue) AND status = 'pending' AND worker = \(worker)
                        AND attempts = \(attempt)
                    RETURNING job_id
                    """)
            }
            return !rows.isEmpty
        }
    }

    func callback(of id: JobID) async throws(JobStoreError) -> CallbackDelivery? {
        try await perform { _ in
            let rows = try await self.rows(
                "SELECT \(unescaped: Self.callbackColumns) FROM reel_callbacks WHERE job_id = \(id.rawValue)")
            guard let row = rows.first else { return nil }
            return try await self.delivery(row)
        }
    }

    /// Reads an outbox row of `callbackColumns` and its job.
    private func delivery(_ row: PostgresRow) async throws -> CallbackDelivery {
        let row = row.makeRandomAccess()
        let id = try row["job_id"].decode(String.self)
        guard let state = CallbackDelivery.State(rawValue: try row["status"].decode(String.self)) else {
            throw JobStoreError.invalid("the callback of job \(id) has an unknown status")
        }
        guard
            let job = try await jobs(
                "SELECT \(unescaped: JobRow.postgresColumns) FROM reel_jobs WHERE id = \(id)"
            ).first
        else { throw JobStoreError.invalid("the callback of job \(id) has no job") }
        return CallbackDelivery(
            job: job, url: try row["url"].decode(String.self), state: state,
            attempts: try row["attempts"].decode(Int.self), age: max(0, try row["age"].decode(Double.self)),
            lastError: try row["last_error"].decode(String?.self))
    }
}
