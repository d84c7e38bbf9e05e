/// A job store failure, or an enqueue the store refuses.
public enum JobStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database could not be reached, answered with an error or not within the deadline;
    /// trying again may succeed.
    case unavailable(String)
    /// The database URL or its contents are not usable.
    case invalid(String)
    /// The job's output is, contains or lies inside the output of a queued, running or succeeded
    /// job: `output` is the path asked for, `owner` the job holding it.
    case outputTaken(output: String, owner: JobID)
    /// The idempotency key belongs to an earlier job that asked for something else.
    case idempotencyMismatch(existing: JobID)

    public var description: String {
        switch self {
        case .unavailable(let message): "job store unavailable: \(message)"
        case .invalid(let message): "job store: \(message)"
        case .outputTaken(let output, let owner):
            "output '\(output)' overlaps the package of job \(owner) (the same location, inside it or around it)"
        case .idempotencyMismatch(let existing):
            "the idempotency key was used by job \(existing) for a different request"
        }
    }
}
