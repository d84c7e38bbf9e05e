public import ReelCore

/// A job to enqueue.
public struct NewJob: Sendable, Equatable {
    var spec: PackageJob
    /// Makes enqueueing idempotent: a second job with the same key returns the first.
    var idempotencyKey: String?
    /// Attempts allowed before a transient failure is final.
    var maxAttempts: Int
    /// The tenant creating the job, or nil (hooks, a single-tenant service).
    var owner: String?
    /// Whether a repeat with the same idempotency key must ask for the same job (spec and owner):
    /// the API's `Idempotency-Key` does (`JobStoreError.idempotencyMismatch` otherwise); hooks,
    /// whose key names an object version, take the first job as it is.
    var requestMustMatch: Bool

    /// Creates a job to enqueue.
    /// - Parameters:
    ///   - spec: What the job asks for.
    ///   - idempotencyKey: The key that makes enqueueing idempotent, or nil.
    ///   - maxAttempts: Attempts allowed (at least 1).
    ///   - owner: The tenant creating the job, or nil.
    ///   - requestMustMatch: Refuse a repeat of the key that asks for something else.
    public init(
        spec: PackageJob, idempotencyKey: String? = nil, maxAttempts: Int = 3, owner: String? = nil,
        requestMustMatch: Bool = false
    ) {
        self.spec = spec
        self.idempotencyKey = idempotencyKey
        self.maxAttempts = max(1, maxAttempts)
        self.owner = owner
        self.requestMustMatch = requestMustMatch
    }

    /// The package location the job writes, relative to the service's destination: its `output`
    /// without empty or `.` parts and trailing slashes, or the job id, under its owner's folder
    /// (`TENANT/OUTPUT`) when it has one. No other live or succeeded job may write at, above or
    /// below it.
    /// - Parameter id: The job's id.
    func outputPath(id: JobID) -> String {
        OutputClaim.normalized(PackageLocation.relativePath(for: spec.output, jobID: id, owner: owner))
    }

    /// Whether an existing job with the same key is this request repeated.
    func repeats(_ existing: Job) -> Bool {
        !requestMustMatch || (existing.spec == spec && existing.owner == owner)
    }
}
