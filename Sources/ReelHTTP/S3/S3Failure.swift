/// Why an S3 request failed for good: the operation, the bucket and key, what the server or the
/// network said, and whether trying again later may succeed.
public struct S3Failure: Sendable, Equatable, CustomStringConvertible {
    /// The S3 operation, such as `PutObject` or `CreateMultipartUpload`.
    let operation: String
    /// The bucket.
    let bucket: String
    /// The object key, or `nil` for requests on the bucket itself.
    let key: String?
    /// The HTTP status, or `nil` when no response arrived (connection refused, timeout...).
    public let status: Int?
    /// The S3 error code from the response's XML (`<Code>`), such as `NoSuchBucket`, or for
    /// network failures libcurl's error name, such as `CURLE_COULDNT_CONNECT`.
    public let code: String?
    /// The server's or libcurl's message.
    let message: String
    /// How many attempts were made.
    let attempts: Int
    /// Whether trying again later may succeed (5xx, throttling, timeouts, dropped connections).
    public let isTransient: Bool

    /// Creates a failure.
    /// - Parameters:
    ///   - operation: The S3 operation.
    ///   - bucket: The bucket.
    ///   - key: The object key, or `nil`.
    ///   - status: The HTTP status, or `nil` without a response.
    ///   - code: The S3 error code or libcurl error name.
    ///   - message: The server's or libcurl's message.
    ///   - attempts: How many attempts were made.
    ///   - isTransient: Whether trying again later may succeed.
    init(
        operation: String, bucket: String, key: String?, status: Int?, code: String?, message: String,
        attempts: Int, isTransient: Bool
    ) {
        self.operation = operation
        self.bucket = bucket
        self.key = key
        self.status = status
        self.code = code
        self.message = message
        self.attempts = attempts
        self.isTransient = isTransient
    }

    /// What failed and how, without the transient/permanent verdict: for example `PutObject
    /// s3://media/videos/master.m3u8: HTTP 403 InvalidAccessKeyId: The AWS Access Key Id you
    /// provided does not exist in our records.`
    public var summary: String {
        var text = "\(operation) s3://\(bucket)/\(key ?? ""): "
        if let status { text += "HTTP \(status)" }
        if let code { text += (status == nil ? "" : " ") + code }
        if !message.isEmpty { text += ": \(message)" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        return text
    }

    /// `summary` followed by `(transient)` or `(permanent)`.
    public var description: String {
        summary + (isTransient ? " (transient)" : " (permanent)")
    }
}
