package import ReelCore

/// What the service needs to make a new job from a finished one (`POST /v1/jobs/{id}/retry`):
/// the stored request, so that nothing a client would have to send again — a sealed content key
/// above all — leaves the server.
extension Job {
    /// The request the job was made from, as the store keeps it: references in the canonical form
    /// the source policy checked, content keys open while a key secret is installed.
    package var request: PackageJob { spec }

    /// The tenant that owns the job, or nil.
    package var tenant: String? { owner }

    /// Whether a new job may be made from this one: it failed or was cancelled.
    package var isRetryable: Bool { status == .failed || status == .cancelled }

    /// The store's idempotency key of the retry of this job (before the caller's tenant scope):
    /// retrying a job twice returns the first retry.
    package var retryKey: String { "retry:\(id.rawValue)" }
}
