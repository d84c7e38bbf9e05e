import HTTPTypes

extension HTTPField.Name {
    /// `Idempotency-Key`: a repeated `POST /v1/jobs` with the same key returns the first job.
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    /// `Last-Event-ID`: where a reconnecting SSE client resumes.
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// `X-Accel-Buffering: no` keeps nginx from buffering event streams.
    static let accelBuffering = HTTPField.Name("X-Accel-Buffering")!
    /// `Referrer-Policy`: the console sends no referrer anywhere.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    /// `X-Frame-Options`: the console is never framed (for browsers without `frame-ancestors`).
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    /// `Cross-Origin-Opener-Policy`: no other page keeps a handle on the console's window.
    static let crossOriginOpenerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!
    /// `Permissions-Policy`: the console uses no camera, microphone or location.
    static let permissionsPolicy = HTTPField.Name("Permissions-Policy")!
}
