/// A failure of the S3 client: what it concerns (`s3://BUCKET/KEY`, or `s3://BUCKET/` for the
/// configuration) and why.
///
/// The description quotes the location with escapes, like `OutputError`'s, which `S3Output`
/// turns these failures into.
public struct S3Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why an S3 operation failed.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// The store failed or refused the request, or could not be reached; the failure says
        /// whether it is transient.
        case request(S3Failure)
        /// The request was stopped through its `S3Cancellation`.
        case cancelled
        /// The bucket, region, endpoint or credentials are unusable (permanent).
        case invalidConfiguration(String)

        /// A short human-readable reason.
        public var description: String {
            switch self {
            case .request(let failure): failure.description
            case .cancelled: "cancelled"
            case .invalidConfiguration(let why): "invalid S3 configuration: \(why)"
            }
        }
    }

    /// The object (`s3://BUCKET/KEY`) or bucket (`s3://BUCKET/`) concerned.
    public let location: String
    /// Why the operation failed.
    public let reason: Reason

    /// Creates an error.
    /// - Parameters:
    ///   - location: The object or bucket concerned.
    ///   - reason: Why the operation failed.
    init(location: String, reason: Reason) {
        self.location = location
        self.reason = reason
    }

    /// Whether trying again later may succeed: 5xx, throttling, timeouts and dropped connections
    /// that outlasted the retries. Refusals, cancellations and bad configurations are permanent.
    public var isTransient: Bool {
        if case .request(let failure) = reason { return failure.isTransient }
        return false
    }

    /// `"location": reason`, with the location quoted and escaped.
    public var description: String { "\(location.debugDescription): \(reason)" }
}
