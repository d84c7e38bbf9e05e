/// A job to enqueue.
public struct NewJob: Sendable, Equatable {
    public var spec: JobSpec
    /// Makes enqueueing idempotent: a second job with the same key returns the first.
    public var idempotencyKey: String?
    /// Attempts allowed before a transient failure is final.
    public var maxAttempts: Int

    /// Creates a job to enqueue.
    /// - Parameters:
    ///   - spec: What the job asks for.
    ///   - idempotencyKey: The key that makes enqueueing idempotent, or nil.
    ///   - maxAttempts: Attempts allowed (at least 1).
    public init(spec: JobSpec, idempotencyKey: String? = nil, maxAttempts: Int = 3) {
        self.spec = spec
        self.idempotencyKey = idempotencyKey
        self.maxAttempts = max(1, maxAttempts)
    }
}
