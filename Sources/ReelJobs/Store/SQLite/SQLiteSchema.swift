/// The SQLite store's schema, as versioned migrations.
///
/// Times are REAL unix seconds (microsecond precision) from the process's clock; JSON columns
/// are TEXT; `ordinal` orders jobs by creation and `sequence` numbers events across jobs.
enum SQLiteSchema {
    /// The migrations, in version order.
    static let migrations: [StoreMigration] = [
        StoreMigration(
            version: 1, description: "jobs and job events",
            statements: [
                """
                CREATE TABLE reel_jobs (
                    ordinal INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    spec TEXT NOT NULL,
                    status TEXT NOT NULL
                        CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
                    progress REAL NOT NULL DEFAULT 0,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    max_attempts INTEGER NOT NULL,
                    worker TEXT,
                    error TEXT,
                    result TEXT,
                    cancel_requested INTEGER NOT NULL DEFAULT 0,
                    idempotency_key TEXT UNIQUE,
                    content_id TEXT,
                    recipe TEXT,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    started_at REAL,
                    finished_at REAL,
                    run_after REAL NOT NULL,
                    lease_expires_at REAL
                )
                """,
                // Claims and status listings: SQLite's planner reads the queued and running rows
                // through this one (partial indexes per branch of the claim's OR went unused).
                "CREATE INDEX reel_jobs_status ON reel_jobs (status, ordinal)",
                """
                CREATE INDEX reel_jobs_content ON reel_jobs (content_id, recipe, finished_at)
                    WHERE status = 'succeeded'
                """,
                """
                CREATE TABLE reel_job_events (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    job_id TEXT NOT NULL REFERENCES reel_jobs (id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    data TEXT NOT NULL,
                    time REAL NOT NULL
                )
                """,
                "CREATE INDEX reel_job_events_job ON reel_job_events (job_id, sequence)",
            ]),
        StoreMigration(
            version: 2, description: "job owners and output locations",
            statements: [
                "ALTER TABLE reel_jobs ADD COLUMN owner TEXT",
                // The package location relative to the destination (the job id when the spec names none);
                // a live or succeeded job's location is not written by another job.
                "ALTER TABLE reel_jobs ADD COLUMN output TEXT",
                """
                UPDATE reel_jobs SET output = coalesce(nullif(rtrim(json_extract(spec, '$.output'), '/'), ''), id)
                """,
                """
                CREATE INDEX reel_jobs_output ON reel_jobs (output)
                    WHERE status IN ('queued', 'running', 'succeeded')
                """,
                "CREATE INDEX reel_jobs_owner ON reel_jobs (owner, ordinal)",
            ]),
        StoreMigration(
            version: 3, description: "callback outbox",
            statements: [
                // One row per finished job with a callback_url, written with its final status;
                // `next_attempt_at` is also a claim's lease (a claim moves it past the lease), and
                // `worker` names the claim in progress (NULL between attempts).
                """
                CREATE TABLE reel_callbacks (
                    job_id TEXT PRIMARY KEY REFERENCES reel_jobs (id) ON DELETE CASCADE,
                    url TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'delivered', 'abandoned')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    worker TEXT,
                    last_error TEXT,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    next_attempt_at REAL NOT NULL,
                    finished_at REAL
                )
                """,
                "CREATE INDEX reel_callbacks_due ON reel_callbacks (next_attempt_at) WHERE status = 'pending'",
            ]),
    ]
}
