import Foundation
import SQLiteNIO

extension SQLiteJobStore {
    func enqueue(_ job: NewJob) async throws(JobStoreError) -> (job: Job, created: Bool) {
        let spec = try JobJSON.encode(job.spec)
        let id = JobID.make()
        let output = job.outputPath(id: id)
        let key: SQLiteData = job.idempotencyKey.map { .text($0) } ?? .null
        let owner: SQLiteData = job.owner.map { .text($0) } ?? .null
        return try await serialized { deadline in
            // BEGIN IMMEDIATE takes the write lock first: no other connection, in any process,
            // can add a job between the checks and the insert.
            try await self.transaction(deadline) { () async throws -> (job: Job, created: Bool) in
                if job.idempotencyKey != nil,
                    let existing = try await self.jobs("SELECT * FROM reel_jobs WHERE idempotency_key = ?1", [key])
                        .first
                {
                    guard job.repeats(existing) else { throw JobStoreError.idempotencyMismatch(existing: existing.id) }
                    return (existing, false)
                }
                if let holder = try await self.outputHolder(output) {
                    throw JobStoreError.outputTaken(output: output, owner: holder)
                }
                let now = Date().timeIntervalSince1970
                let inserted = try await self.jobs(
                    """
                    INSERT INTO reel_jobs (id, spec, status, max_attempts, idempotency_key, owner, output, created_at,
                        updated_at, run_after)
                    VALUES (?1, ?2, 'queued', ?3, ?4, ?5, ?6, ?7, ?7, ?7)
                    RETURNING *
                    """,
                    [
                        .text(id.rawValue), .text(spec), .integer(SQLiteInt64(job.maxAttempts)), key, owner,
                        .text(output), .float(now),
                    ])
                guard let created = inserted.first else { throw JobStoreError.unavailable("job \(id) was not stored") }
                _ = try await self.insertEvent(
                    id, name: JobStatus.queued.rawValue, data: try JobJSON.eventData(created), at: now)
                return (created, true)
            }
        }
    }

    /// The job holding `output` or a path above or below it (inside the caller's transaction).
    private func outputHolder(_ output: String) async throws -> JobID? {
        let ancestors = OutputClaim.selfAndAncestors(output)
        let range = OutputClaim.descendantRange(output)
        let placeholders = (0..<ancestors.count).map { "?\($0 + 3)" }.joined(separator: ", ")
        let rows = try await connection.query(
            """
            SELECT id FROM reel_jobs
            WHERE status IN (\(OutputClaim.holdingStatuses))
                AND (output IN (\(placeholders)) OR (output >= ?1 AND output < ?2))
            ORDER BY ordinal LIMIT 1
            """,
            [.text(range.lower), .text(range.upper)] + ancestors.map { .text($0) })
        return rows.first?.column("id")?.string.map(JobID.init)
    }

    func job(_ id: JobID, owner: String?) async throws(JobStoreError) -> Job? {
        let owner: SQLiteData = owner.map { .text($0) } ?? .null
        return try await serialized { _ in
            try await self.jobs(
                "SELECT * FROM reel_jobs WHERE id = ?1 AND (?2 IS NULL OR owner = ?2)", [.text(id.rawValue), owner]
            ).first
        }
    }

    func recentJobs(limit: Int, status: JobStatus?, owner: String?, before: JobID?)
        async throws(JobStoreError) -> [Job]
    {
        guard limit > 0 else { return [] }
        let binds: [SQLiteData] = [
            .integer(SQLiteInt64(limit)), status.map { .text($0.rawValue) } ?? .null, owner.map { .text($0) } ?? .null,
            before.map { .text($0.rawValue) } ?? .null,
        ]
        return try await serialized { _ in
            try await self.jobs(
                """
                SELECT * FROM reel_jobs
                WHERE (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR owner = ?3)
                    AND (?4 IS NULL OR ordinal < (SELECT ordinal FROM reel_jobs WHERE id = ?4))
                ORDER BY ordinal DESC LIMIT ?1
                """, binds)
        }
    }

    func claim(worker: String, lease: Double) async throws(JobStoreError) -> Job? {
        try await serialized { _ in
            let now = Date().timeIntervalSince1970
            // One statement: the write lock is taken before the subquery reads, so another
            // process cannot claim the same row in between.
            return try await self.jobs(
                """
                UPDATE reel_jobs
                SET status = 'running', worker = ?2, attempts = attempts + 1, lease_expires_at = ?1 + ?3,
                    started_at = coalesce(started_at, ?1), updated_at = ?1
                WHERE ordinal = (
                    SELECT ordinal FROM reel_jobs
                    WHERE (status = 'queued' AND run_after <= ?1) OR (status = 'running' AND lease_expires_at < ?1)
                    ORDER BY created_at, ordinal
                    LIMIT 1)
                RETURNING *
                """,
                [.float(now), .text(worker), .float(max(0, lease))]
            ).first
        }
    }

    func heartbeat(_ id: JobID, worker: String, attempt: Int, lease: Double, progress: Double?)
        async throws(JobStoreError) -> LeaseStatus
    {
        let progress: SQLiteData = progress.map { .float(min(1, max(0, $0))) } ?? .null
        return try await serialized { _ in
            let now = Date().timeIntervalSince1970
            let rows = try await self.connection.query(
                """
                UPDATE reel_jobs
                SET lease_expires_at = ?1 + ?5, progress = max(progress, coalesce(?6, 0)), updated_at = ?1
                WHERE id = ?2 AND status = 'running' AND worker = ?3 AND attempts = ?4
                RETURNING cancel_requested
                """,
                [
                    .float(now), .text(id.rawValue), .text(worker), .integer(SQLiteInt64(attempt)),
                    .float(max(0, lease)),
                    progress,
                ])
            guard let cancelRequested = rows.first?.column("cancel_requested")?.integer else { return .lost }
            return .held(cancelRequested: cancelRequested != 0)
        }
    }

    func finish(_ id: JobID, worker: String, attempt: Int, outcome: JobOutcome)
        async throws(JobStoreError) -> Job?
    {
        // ?1 now, ?2 id, ?3 worker, ?4 attempt; the outcome's values from ?5.
        let change: (set: String, binds: [SQLiteData], event: String)
        switch outcome {
        case .succeeded(let result):
            change = (
                """
                status = 'succeeded', result = ?5, content_id = ?6, recipe = ?7, progress = 1, error = NULL,
                finished_at = ?1, lease_expires_at = NULL
                """,
                [.text(try JobJSON.encode(result)), .text(result.contentID), .text(result.recipe)], "succeeded"
            )
        case .failed(let failure):
            change = (
                "status = 'failed', error = ?5, finished_at = ?1, lease_expires_at = NULL",
                [.text(try JobJSON.encode(failure))], "failed"
            )
        case .retry(let failure, let after):
            change = (
                "status = 'queued', error = ?5, run_after = ?6, lease_expires_at = NULL",
                [.text(try JobJSON.encode(failure)), .float(after.timeIntervalSince1970)], "retrying"
            )
        case .cancelled:
            change = ("status = 'cancelled', finished_at = ?1, lease_expires_at = NULL", [], "cancelled")
        case .released:
            change = (
                "status = 'queued', run_after = ?1, attempts = attempts - 1, lease_expires_at = NULL", [], "released"
            )
        }
        return try await serialized { deadline in
            try await self.transaction(deadline) { () async throws -> Job? in
                let now = Date().timeIntervalSince1970
                let binds: [SQLiteData] =
                    [.float(now), .text(id.rawValue), .text(worker), .integer(SQLiteInt64(attempt))] + change.binds
                let updated = try await self.jobs(
                    """
                    UPDATE reel_jobs SET \(change.set), updated_at = ?1
                    WHERE id = ?2 AND status = 'running' AND worker = ?3 AND attempts = ?4
                    RETURNING *
                    """,
                    binds)
                guard let job = updated.first else { return nil }
                _ = try await self.insertEvent(id, name: change.event, data: try JobJSON.eventData(job), at: now)
                try await self.insertCallback(for: job, at: now)
                return job
            }
        }
    }

    func cancel(_ id: JobID, owner: String?) async throws(JobStoreError) -> Job? {
        let owner: SQLiteData = owner.map { .text($0) } ?? .null
        return try await serialized { deadline in
            try await self.transaction(deadline) { () async throws -> Job? in
                let now = Date().timeIntervalSince1970
                guard
                    let job = try await self.jobs(
                        "SELECT * FROM reel_jobs WHERE id = ?1 AND (?2 IS NULL OR owner = ?2)",
                        [.text(id.rawValue), owner]
                    ).first
                else { return nil }
                switch job.status {
                case .queued:
                    let cancelled = try await self.jobs(
                        """
                        UPDATE reel_jobs SET status = 'cancelled', finished_at = ?1, updated_at = ?1,
                            lease_expires_at = NULL
                        WHERE id = ?2 RETURNING *
                        """,
                        [.float(now), .text(id.rawValue)])
                    guard let cancelled = cancelled.first else { return nil }
                    _ = try await self.insertEvent(
                        id, name: "cancelled", data: try JobJSON.eventData(cancelled), at: now)
                    try await self.insertCallback(for: cancelled, at: now)
                    return cancelled
                case .running where !job.cancelRequested:
                    return try await self.jobs(
                        "UPDATE reel_jobs SET cancel_requested = 1, updated_at = ?1 WHERE id = ?2 RETURNING *",
                        [.float(now), .text(id.rawValue)]
                    ).first
                case .running, .succeeded, .failed, .cancelled:
                    return job
                }
            }
        }
    }

    @discardableResult
    func appendEvent(_ id: JobID, name: String, data: String) async throws(JobStoreError) -> JobEvent {
        try await serialized { _ in
            try await self.insertEvent(id, name: name, data: data, at: Date().timeIntervalSince1970)
        }
    }

    func events(of id: JobID, after sequence: Int64, limit: Int) async throws(JobStoreError) -> [JobEvent] {
        guard limit > 0 else { return [] }
        return try await serialized { _ in
            let rows = try await self.connection.query(
                """
                SELECT sequence, name, data, time FROM reel_job_events
                WHERE job_id = ?1 AND sequence > ?2 ORDER BY sequence LIMIT ?3
                """,
                [.text(id.rawValue), .integer(SQLiteInt64(sequence)), .integer(SQLiteInt64(limit))])
            return try rows.map { row in
                guard let sequence = row.column("sequence")?.integer, let name = row.column("name")?.string,
                    let data = row.column("data")?.string, let time = row.column("time")?.double
                else { throw JobStoreError.invalid("an event of job \(id) has NULL columns") }
                return JobEvent(
                    sequence: Int64(sequence), jobID: id, name: name, data: data,
                    time: Date(timeIntervalSince1970: time))
            }
        }
    }

    func succeededJob(contentID: String, recipe: String) async throws(JobStoreError) -> Job? {
        try await serialized { _ in
            try await self.jobs(
                """
                SELECT * FROM reel_jobs WHERE status = 'succeeded' AND content_id = ?1 AND recipe = ?2
                ORDER BY finished_at DESC, ordinal DESC LIMIT 1
                """,
                [.text(contentID), .text(recipe)]
            ).first
        }
    }

    func countsByStatus() async throws(JobStoreError) -> [JobStatus: Int] {
        try await serialized { _ in
            var counts = Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) })
            for row in try await self.connection.query("SELECT status, count(*) AS n FROM reel_jobs GROUP BY status") {
                if let status = row.column("status")?.string.flatMap(JobStatus.init(rawValue:)),
                    let count = row.column("n")?.integer
                {
                    counts[status] = Int(count)
                }
            }
            return counts
        }
    }
}
