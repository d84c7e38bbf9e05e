import Hummingbird
import ReelJobs

extension JobRoutes {
    /// `POST /v1/jobs/{id}/retry`: a new job from the stored request of a failed or cancelled job,
    /// owned by the same tenant and checked again like a new request (allow-list, ladder, output).
    /// The request never leaves the server, so sealed content keys stay sealed. Retrying a job
    /// again returns the job its first retry made (`200`); only that one is `202`.
    @Sendable func retry(_ request: Request, context: Context) async throws -> Response {
        let original = try await job(context)
        guard original.isRetryable else {
            throw ServiceError(
                .conflict, kind: "not_retryable",
                "job \(original.id) is \(original.status.rawValue): only a failed or cancelled job can be retried")
        }
        let (job, created) = try await intake.submit(
            original.request, idempotencyKey: original.retryKey, owner: original.tenant, requestMustMatch: false)
        return JSONResponse.make(created ? .accepted : .ok, job, headers: [.location: "/v1/jobs/\(job.id)"])
    }
}
