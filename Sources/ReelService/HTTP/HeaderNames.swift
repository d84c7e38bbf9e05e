import HTTPTypes

extension HTTPField.Name {
    /// `Idempotency-Key`: a repeated `POST /v1/jobs` with the same key returns the first job.
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    /// `Last-Event-ID`: where a reconnecting SSE client resumes.
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// `X-Accel-Buffering: no` keeps nginx from buffering event streams.
    static let accelBuffering = HTTPField.Name("X-Accel-Buffering")!
}
