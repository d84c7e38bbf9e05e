/// The PostgreSQL store's schema, as versioned migrations.
///
/// Times are `timestamptz` set from the database's clock (`now()`), so workers on machines whose
/// clocks differ agree on leases; JSON columns are `jsonb` (event data stays `text`, as written);
/// `ordinal` orders jobs by creation and `sequence` numbers events across jobs. Inserting an
/// event notifies channel `reel_job_events` with the job's id.
enum PostgresSchema {
    /// The channel an event insert notifies, with the job id as payload.
    static let eventChannel = "reel_job_events"

    /// The migrations, in version order.
    static let migrations: [StoreMigration] = [
        StoreMigration(
            version: 1, description: "jobs and job events",
            statements: [
                """
                CREATE TABLE reel_jobs (
                    id text PRIMARY KEY,
                    ordinal bigserial NOT NULL,
                    spec jsonb NOT NULL,
                    status text NOT NULL
                        CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
                    progress double precision NOT NULL DEFAULT 0,
                    attempts integer NOT NULL DEFAULT 0,
                    max_attempts integer NOT NULL,
                    worker text,
                    error jsonb,
                    result jsonb,
                    cancel_requested boolean NOT NULL DEFAULT false,
                    idempotency_key text UNIQUE,
                    content_id text,
                    recipe text,
                    created_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL,
                    started_at timestamptz,
                    finished_at timestamptz,
                    run_after timestamptz NOT NULL,
                    lease_expires_at timestamptz
                )
                """,
                "CREATE INDEX reel_jobs_queued ON reel_jobs (created_at, ordinal) WHERE status = 'queued'",
                "CREATE INDEX reel_jobs_leases ON reel_jobs (lease_expires_at) WHERE status = 'running'",
                "CREATE INDEX reel_jobs_status ON reel_jobs (status, ordinal)",
                "CREATE INDEX reel_jobs_ordinal ON reel_jobs (ordinal)",
                """
                CREATE INDEX reel_jobs_content ON reel_jobs (content_id, recipe, finished_at)
                    WHERE status = 'succeeded'
                """,
                """
                CREATE TABLE reel_job_events (
                    sequence bigserial PRIMARY KEY,
                    job_id text NOT NULL REFERENCES reel_jobs (id) ON DELETE CASCADE,
                    name text NOT NULL,
                    data text NOT NULL,
                    time timestamptz NOT NULL
                )
                """,
                "CREATE INDEX reel_job_events_job ON reel_job_events (job_id, sequence)",
                """
                CREATE FUNCTION reel_notify_job_event() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('\(eventChannel)', NEW.job_id);
                    RETURN NULL;
                END
                $$
                """,
                """
                CREATE TRIGGER reel_job_events_notify AFTER INSERT ON reel_job_events
                    FOR EACH ROW EXECUTE FUNCTION reel_notify_job_event()
                """,
            ]),
        StoreMigration(
            version: 2, description: "job owners and output locations",
            statements: [
                "ALTER TABLE reel_jobs ADD COLUMN owner text",
                // The package location relative to the destination (the job id when the spec names none);
                // a live or succeeded job's location is not written by another job. Compared byte-wise.
                "ALTER TABLE reel_jobs ADD COLUMN output text COLLATE \"C\"",
                "UPDATE reel_jobs SET output = coalesce(nullif(rtrim(spec->>'output', '/'), ''), id)",
                "ALTER TABLE reel_jobs ALTER COLUMN output SET NOT NULL",
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
                    job_id text PRIMARY KEY REFERENCES reel_jobs (id) ON DELETE CASCADE,
                    url text NOT NULL,
                    status text NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'delivered', 'abandoned')),
                    attempts integer NOT NULL DEFAULT 0,
                    worker text,
                    last_error text,
                    created_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL,
                    next_attempt_at timestamptz NOT NULL,
                    finished_at timestamptz
                )
                """,
                "CREATE INDEX reel_callbacks_due ON reel_callbacks (next_attempt_at) WHERE status = 'pending'",
            ]),
    ]
}
