public import ReelHTTP

/// How remote sources are read.
public struct MediaSourceOptions: Sendable {
    /// Seconds a single read may take (connect plus transfer) before it fails.
    var readTimeout: Double = 30
    /// Attempts per ranged read on transient failures (5xx, timeouts, dropped connections).
    var maxAttempts = 4
    /// First retry delay in seconds; doubles per attempt.
    var retryBaseDelay = 0.25
    /// Redirects followed per request.
    public var maxRedirects = 5
    /// Bytes fetched per HTTP range request (reads ahead of what libavformat asks for).
    var chunkSize = 1 << 20
    /// S3 settings for `s3://` sources (endpoint, addressing); credentials come from AWS_*.
    public var s3 = S3Options()
    /// Variables S3 credentials and region are read from; nil for the process environment.
    public var environment: [String: String]?
    /// Whether a local path must be canonical (absolute, no links, as a source policy made it):
    /// a file reached through a link put in place after the check is then refused.
    public var requiresCanonicalPaths = false
    /// The addresses `http(s)` hosts were checked at: reads connect only there (and, when the
    /// pins are required, a host without one is not read). Nil: hosts are resolved when read.
    public var addressPins: AddressPins?

    public init() {}
}
