/// Where a job is in its life: `queued` → `running` → `succeeded` | `failed` | `cancelled`.
///
/// A transient failure with attempts left puts a running job back to `queued` with a later
/// `run_after`; the last error stays visible on the job.
public enum JobStatus: String, Sendable, Codable, CaseIterable {
    case queued
    case running
    case succeeded
    case failed
    case cancelled

    /// Whether the job has reached its end and will not change again.
    public var isFinal: Bool {
        switch self {
        case .queued, .running: false
        case .succeeded, .failed, .cancelled: true
        }
    }
}
