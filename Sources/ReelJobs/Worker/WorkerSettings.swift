public import ReelCore
public import ReelHTTP

/// What workers need to run jobs: ladders, the source policy, the package destination, S3 access,
/// retry and lease timing, and callbacks.
public struct WorkerSettings: Sendable {
    /// Where ladder presets are found.
    public var catalog: LadderCatalog
    /// Which sources jobs may read.
    public var policy: SourcePolicy
    /// Where packages go.
    public var location: PackageLocation
    /// The public URL at which the destination root is served (manifest URLs in results), if any.
    var publicBaseURL: String?
    /// How sources are read (timeouts, S3 endpoint and credentials).
    var sourceOptions: MediaSourceOptions
    /// S3 settings of the destination.
    var s3: S3Options
    /// The variables S3 credentials and region are read from.
    var environment: [String: String]
    /// Attempts and backoff of transient failures.
    var retry: RetryPolicy
    /// Seconds a claim holds without a heartbeat.
    var lease: Double
    /// Seconds between heartbeats (also how soon a cancel request from another node is seen).
    var heartbeatInterval: Double
    /// Signs and posts callbacks; nil when no secret is configured (callbacks are then unsigned).
    var callbacks: CallbackSender

    /// Creates worker settings.
    public init(
        catalog: LadderCatalog = LadderCatalog(), policy: SourcePolicy = SourcePolicy(), location: PackageLocation,
        publicBaseURL: String? = nil, sourceOptions: MediaSourceOptions = MediaSourceOptions(),
        s3: S3Options = S3Options(), environment: [String: String], retry: RetryPolicy = RetryPolicy(),
        lease: Double = 30, heartbeatInterval: Double = 1, callbacks: CallbackSender
    ) {
        self.catalog = catalog
        self.policy = policy
        self.location = location
        self.publicBaseURL = publicBaseURL
        self.sourceOptions = sourceOptions
        self.s3 = s3
        self.environment = environment
        self.retry = retry
        self.lease = lease
        self.heartbeatInterval = heartbeatInterval
        self.callbacks = callbacks
    }
}
