import Foundation

/// Where jobs and their events live: embedded SQLite for one machine, PostgreSQL for many.
///
/// Every state change is one atomic statement (or transaction) guarded by the claim, so that
/// any number of workers, in any number of processes, can share a store:
/// - `enqueue` refuses, atomically, an output that overlaps a live or succeeded job's package;
/// - `claim` hands the next runnable job to exactly one worker and starts a lease;
/// - `heartbeat` extends the lease and tells the worker about cancel requests;
/// - `finish` records the outcome only while the worker still holds the claim for that attempt,
///   so a late finisher whose lease was lost cannot overwrite the result.
/// Status changes append their own events (`queued`, `retrying`, `succeeded`, `failed`, `cancelled`)
/// in the same transaction, and a final status of a job with a `callback_url` adds its callback
/// to the outbox (`claimCallbacks`) in that transaction too.
///
/// Every call answers within the store's deadline (a few seconds): when the database is down or
/// locked, it fails with `JobStoreError.unavailable` instead, and a change whose deadline passed
/// before it committed is rolled back, so a caller told "unavailable" knows nothing was written.
///
/// `owner` arguments filter by tenant: nil means every job, a value only the jobs it created.
public protocol JobStore: Sendable {
    /// Adds a job, or returns the existing one with the same idempotency key.
    /// - Parameter job: The job to add.
    /// - Returns: The stored job and whether it was created now.
    /// - Throws: `JobStoreError.outputTaken` when the job's output is, contains or lies inside the
    ///   output of a queued, running or succeeded job; `JobStoreError.idempotencyMismatch` when
    ///   the key's job asked for something else and `job.requestMustMatch` is set.
    func enqueue(_ job: NewJob) async throws(JobStoreError) -> (job: Job, created: Bool)

    /// The job with this id, or nil (also when it belongs to another owner).
    /// - Parameters:
    ///   - id: The job.
    ///   - owner: Only a job of this owner, when given.
    func job(_ id: JobID, owner: String?) async throws(JobStoreError) -> Job?

    /// The most recently created jobs, newest first.
    /// - Parameters:
    ///   - limit: How many at most.
    ///   - status: Only jobs in this state, when given.
    ///   - owner: Only jobs of this owner, when given.
    ///   - before: Only jobs created before this one (the cursor of the next page), when given.
    func recentJobs(limit: Int, status: JobStatus?, owner: String?, before: JobID?) async throws(JobStoreError)
        -> [Job]

    /// Claims the next runnable job for a worker: a queued job whose `runAfter` has come (oldest
    /// first), or a running job whose lease has expired. Sets `running`, the worker, a lease of
    /// `lease` seconds from now, and counts an attempt. No job is ever handed to two live claims.
    /// - Parameters:
    ///   - worker: The claiming worker's name.
    ///   - lease: Seconds the claim holds without a heartbeat.
    /// - Returns: The claimed job, or nil when none is runnable.
    func claim(worker: String, lease: Double) async throws(JobStoreError) -> Job?

    /// Extends a claim and records progress.
    /// - Parameters:
    ///   - id: The job.
    ///   - worker: The worker holding it.
    ///   - attempt: The attempt number the claim returned (`Job.attempts`).
    ///   - lease: Seconds from now the claim holds.
    ///   - progress: The latest progress fraction, when known.
    func heartbeat(_ id: JobID, worker: String, attempt: Int, lease: Double, progress: Double?)
        async throws(JobStoreError) -> LeaseStatus

    /// Records how an attempt ended, only if `worker` still holds the claim for `attempt`.
    /// - Returns: The updated job, or nil when the claim was lost and nothing was written.
    func finish(_ id: JobID, worker: String, attempt: Int, outcome: JobOutcome) async throws(JobStoreError) -> Job?

    /// Cancels a job: a queued job becomes `cancelled` at once; a running job gets
    /// `cancelRequested` and its worker finishes it as `cancelled`; a finished job stays as it is.
    /// - Parameters:
    ///   - id: The job.
    ///   - owner: Only a job of this owner, when given.
    /// - Returns: The job after the change, or nil when there is no such job (of that owner).
    func cancel(_ id: JobID, owner: String?) async throws(JobStoreError) -> Job?

    /// Appends a packaging event of a job.
    /// - Parameters:
    ///   - id: The job.
    ///   - name: The event name.
    ///   - data: The event as JSON text.
    /// - Returns: The stored event with its sequence number.
    @discardableResult
    func appendEvent(_ id: JobID, name: String, data: String) async throws(JobStoreError) -> JobEvent

    /// A job's events after a sequence number, oldest first.
    /// - Parameters:
    ///   - id: The job.
    ///   - sequence: Only events with a greater sequence number (0 for all).
    ///   - limit: How many at most.
    func events(of id: JobID, after sequence: Int64, limit: Int) async throws(JobStoreError) -> [JobEvent]

    /// The latest succeeded job with this content id and recipe, whose package a duplicate can reuse.
    func succeededJob(contentID: String, recipe: String) async throws(JobStoreError) -> Job?

    /// How many jobs are in each state.
    func countsByStatus() async throws(JobStoreError) -> [JobStatus: Int]

    /// Claims the callback deliveries that are due (pending, their next attempt time come, no
    /// live claim), oldest first: each one's attempt count goes up and it is held for `lease`
    /// seconds, during which no other claimer gets it. A claim that is never recorded (its
    /// process died) is handed out again once the lease has passed, so a callback is delivered
    /// at least once.
    /// - Parameters:
    ///   - worker: The claiming process's name.
    ///   - lease: Seconds the claim holds.
    ///   - limit: How many at most.
    /// - Returns: The claimed deliveries with their jobs.
    func claimCallbacks(worker: String, lease: Double, limit: Int) async throws(JobStoreError) -> [CallbackDelivery]

    /// Records how a claimed callback attempt ended. `delivered` is recorded for any pending
    /// delivery (a receiver acknowledged it, whoever claimed it); `retry` (which ends the claim)
    /// and `abandoned` only while `worker` still holds the claim of attempt `attempt`.
    /// - Parameters:
    ///   - id: The job whose callback it is.
    ///   - worker: The claiming process's name.
    ///   - attempt: The attempt count the claim returned.
    ///   - outcome: How the attempt ended.
    /// - Returns: Whether the outcome was written.
    @discardableResult
    func recordCallback(_ id: JobID, worker: String, attempt: Int, outcome: CallbackOutcome)
        async throws(JobStoreError) -> Bool

    /// The callback delivery of a job, or nil when it has none (no `callback_url`, or not finished).
    func callback(of id: JobID) async throws(JobStoreError) -> CallbackDelivery?

    /// Releases the store's connections.
    func close() async
}

extension JobStore {
    /// The job with this id, whoever owns it, or nil.
    public func job(_ id: JobID) async throws(JobStoreError) -> Job? {
        try await job(id, owner: nil)
    }

    /// The most recently created jobs of every owner, newest first.
    func recentJobs(limit: Int, status: JobStatus?) async throws(JobStoreError) -> [Job] {
        try await recentJobs(limit: limit, status: status, owner: nil, before: nil)
    }

    /// Cancels a job, whoever owns it.
    func cancel(_ id: JobID) async throws(JobStoreError) -> Job? {
        try await cancel(id, owner: nil)
    }
}
