import Foundation
import PostgresNIO

extension PostgresJobStore {
    private static var columns: String { JobRow.postgresColumns }

    func enqueue(_ job: NewJob) async throws(JobStoreError) -> (job: Job, created: Bool) {
        let spec = try JobJSON.encode(job.spec)
        let id = JobID.make()
        let output = job.outputPath(id: id)
        let lockKey = configuration.schema ?? ""
        return try await perform { deadline in
            try await self.transaction(deadline) { connection -> (job: Job, created: Bool) in
                // Enqueues take turns: no other job can be added between the checks and the insert.
                _ = try await connection.query(
                    "SELECT pg_advisory_xact_lock(hashtext('reel_jobs_enqueue'), hashtext(\(lockKey)))",
                    logger: self.logger
                ).collect()
                if let key = job.idempotencyKey,
                    let existing = try await self.jobs(
                        """
                        SELECT \(unescaped: Self.columns) FROM reel_jobs WHERE idempotency_key = \(key)
                        """, on: connection
                    ).first
                {
                    guard job.repeats(existing) else { throw JobStoreError.idempotencyMismatch(existing: existing.id) }
                    return (existing, false)
                }
                let range = OutputClaim.descendantRange(output)
                let holder = try await connection.query(
                    """
                    SELECT id FROM reel_jobs
                    WHERE status IN ('queued', 'running', 'succeeded')
                        AND (output = ANY(\(OutputClaim.selfAndAncestors(output))::text[])
                            OR (output >= \(range.lower) AND output < \(range.upper)))
                    ORDER BY ordinal LIMIT 1
                    """, logger: self.logger
                ).collect().first
                if let holder {
                    throw JobStoreError.outputTaken(
                        output: output, owner: JobID(try holder.makeRandomAccess()["id"].decode(String.self)))
                }
                let inserted = try await self.jobs(
                    """
                    INSERT INTO reel_jobs (id, spec, status, max_attempts, idempotency_key, owner, output, created_at,
                        updated_at, run_after)
                    VALUES (\(id.rawValue), \(spec)::jsonb, 'queued', \(job.maxAttempts), \(job.idempotencyKey),
                        \(job.owner), \(output), now(), now(), now())
                    RETURNING \(unescaped: Self.columns)
                    """, on: connection)
                guard let created = inserted.first else { throw JobStoreError.unavailable("job \(id) was not stored") }
                _ = try await self.insertEvent(
                    created.id, name: JobStatus.queued.rawValue, data: try JobJSON.eventData(created), on: connection)
                return (created, true)
            }
        }
    }

    func job(_ id: JobID, owner: String?) async throws(JobStoreError) -> Job? {
        try await perform { _ in
            try await self.jobs(
                """
                SELECT \(unescaped: Self.columns) FROM reel_jobs
                WHERE id = \(id.rawValue) AND (\(owner)::text IS NULL OR owner = \(owner))
                """
            ).first
        }
    }

    func recentJobs(limit: Int, status: JobStatus?, owner: String?, before: JobID?)
        async throws(JobStoreError) -> [Job]
    {
        guard limit > 0 else { return [] }
        let status = status?.rawValue
        let before = before?.rawValue
        return try await perform { _ in
            try await self.jobs(
                """
                SELECT \(unescaped: Self.columns) FROM reel_jobs
                WHERE (\(status)::text IS NULL OR status = \(status)) AND (\(owner)::text IS NULL OR owner = \(owner))
                    AND (\(before)::text IS NULL OR ordinal < (SELECT ordinal FROM reel_jobs WHERE id = \(before)))
                ORDER BY ordinal DESC LIMIT \(limit)
                """)
        }
    }

    func claim(worker: String, lease: Double) async throws(JobStoreError) -> Job? {
        try await perform { _ in
            // The subquery locks the row it picks and skips rows other claimers hold; rows another
            // claim changed meanwhile are re-checked against the condition, so a job is claimed once.
            try await self.jobs(
                """
                UPDATE reel_jobs
                SET status = 'running', worker = \(worker), attempts = attempts + 1,
                    lease_expires_at = now() + make_interval(secs => \(max(0, lease))),
                    started_at = coalesce(started_at, now()), updated_at = now()
                WHERE id = (
                    SELECT id FROM reel_jobs
                    WHERE (status = 'queued' AND run_after <= now())
                        OR (status = 'running' AND lease_expires_at < now())
                    ORDER BY created_at, ordinal
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                AND ((status = 'queued' AND run_after <= now()) OR (status = 'running' AND lease_expires_at < now()))
                RETURNING \(unescaped: Self.columns)
                """
            ).first
        }
    }

    func heartbeat(_ id: JobID, worker: String, attempt: Int, lease: Double, progress: Double?)
        async throws(JobStoreError) -> LeaseStatus
    {
        let progress = progress.map { min(1, max(0, $0)) }
        return try await perform { _ in
            let rows = try await self.rows(
                """
                UPDATE reel_jobs
                SET lease_expires_at = now() + make_interval(secs => \(max(0, lease))),
                    progress = greatest(progress, \(progress)), updated_at = now()
                WHERE id = \(id.rawValue) AND status = 'running' AND worker = \(worker) AND attempts = \(attempt)
                RETURNING cancel_requested
                """)
            guard let row = rows.first else { return .lost }
            return .held(cancelRequested: try row.makeRandomAccess()["cancel_requested"].decode(Bool.self))
        }
    }

    func finish(_ id: JobID, worker: String, attempt: Int, outcome: JobOutcome)
        async throws(JobStoreError) -> Job?
    {
        // $1 id, $2 worker, $3 attempt; the outcome's values from $4.
        var binds = PostgresBindings()
        binds.append(id.rawValue)
        binds.append(worker)
        binds.append(attempt)
        let set: String
        let event: String
        switch outcome {
        case .succeeded(let result):
            set = """
                status = 'succeeded', result = $4::jsonb, content_id = $5, recipe = $6, progress = 1, error = NULL,
                finished_at = now(), lease_expires_at = NULL
                """
            binds.append(try JobJSON.encode(result))
            binds.append(result.contentID)
            binds.append(result.recipe)
            event = "succeeded"
        case .failed(let failure):
            set = "status = 'failed', error = $4::jsonb, finished_at = now(), lease_expires_at = NULL"
            binds.append(try JobJSON.encode(failure))
            event = "failed"
        case .retry(let failure, let after):
            // The delay the worker asked for, counted on the database's clock.
            set = """
                status = 'queued', error = $4::jsonb, run_after = now() + make_interval(secs => $5),
                lease_expires_at = NULL
                """
            binds.append(try JobJSON.encode(failure))
            binds.append(after.timeIntervalSinceNow)
            event = "retrying"
        case .cancelled:
            set = "status = 'cancelled', finished_at = now(), lease_expires_at = NULL"
            event = "cancelled"
        case .released:
            set = "status = 'queued', run_after = now(), attempts = attempts - 1, lease_expires_at = NULL"
            event = "released"
        }
        let query = PostgresQuery(
            unsafeSQL: """
                UPDATE reel_jobs SET \(set), updated_at = now()
                WHERE id = $1 AND status = 'running' AND worker = $2 AND attempts = $3
                RETURNING \(Self.columns)
                """, binds: binds)
        return try await perform { deadline in
            try await self.transaction(deadline) { connection -> Job? in
                guard let job = try await self.jobs(query, on: connection).first else { return nil }
                _ = try await self.insertEvent(id, name: event, data: try JobJSON.eventData(job), on: connection)
                try await self.insertCallback(for: job, on: connection)
                return job
            }
        }
    }

    func cancel(_ id: JobID, owner: String?) async throws(JobStoreError) -> Job? {
        try await perform { deadline in
            try await self.transaction(deadline) { connection -> Job? in
                let current = try await self.jobs(
                    """
                    SELECT \(unescaped: Self.columns) FROM reel_jobs
                    WHERE id = \(id.rawValue) AND (\(owner)::text IS NULL OR owner = \(owner)) FOR UPDATE
                    """, on: connection)
                guard let job = current.first else { return nil }
                switch job.status {
                case .queued:
                    let cancelled = try await self.jobs(
                        """
                        UPDATE reel_jobs SET status = 'cancelled', finished_at = now(), updated_at = now(),
                            lease_expires_at = NULL
                        WHERE id = \(id.rawValue) RETURNING \(unescaped: Self.columns)
                        """, on: connection)
                    guard let cancelled = cancelled.first else { return nil }
                    _ = try await self.insertEvent(
                        id, name: "cancelled", data: try JobJSON.eventData(cancelled), on: connection)
                    try await self.insertCallback(for: cancelled, on: connection)
                    return cancelled
                case .running where !job.cancelRequested:
                    return try await self.jobs(
                        """
                        UPDATE reel_jobs SET cancel_requested = true, updated_at = now()
                        WHERE id = \(id.rawValue) RETURNING \(unescaped: Self.columns)
                        """, on: connection
                    ).first
                case .running, .succeeded, .failed, .cancelled:
                    return job
                }
            }
        }
    }

    @discardableResult
    func appendEvent(_ id: JobID, name: String, data: String) async throws(JobStoreError) -> JobEvent {
        try await perform { _ in
            try await self.client.withConnection { connection in
                try await self.insertEvent(id, name: name, data: data, on: connection)
            }
        }
    }

    func events(of id: JobID, after sequence: Int64, limit: Int) async throws(JobStoreError) -> [JobEvent] {
        guard limit > 0 else { return [] }
        return try await perform { _ in
            try await self.rows(
                """
                SELECT sequence, name, data, time FROM reel_job_events
                WHERE job_id = \(id.rawValue) AND sequence > \(sequence) ORDER BY sequence LIMIT \(limit)
                """
            ).map { row in
                let row = row.makeRandomAccess()
                return JobEvent(
                    sequence: try row["sequence"].decode(Int64.self), jobID: id,
                    name: try row["name"].decode(String.self), data: try row["data"].decode(String.self),
                    time: try row["time"].decode(Date.self))
            }
        }
    }

    func succeededJob(contentID: String, recipe: String) async throws(JobStoreError) -> Job? {
        try await perform { _ in
            try await self.jobs(
                """
                SELECT \(unescaped: Self.columns) FROM reel_jobs
                WHERE status = 'succeeded' AND content_id = \(contentID) AND recipe = \(recipe)
                ORDER BY finished_at DESC, ordinal DESC LIMIT 1
                """
            ).first
        }
    }

    func countsByStatus() async throws(JobStoreError) -> [JobStatus: Int] {
        try await perform { _ in
            var counts = Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) })
            for row in try await self.rows("SELECT status, count(*) AS n FROM reel_jobs GROUP BY status") {
                let row = row.makeRandomAccess()
                if let status = JobStatus(rawValue: try row["status"].decode(String.self)) {
                    counts[status] = try row["n"].decode(Int.self)
                }
            }
            return counts
        }
    }
}
