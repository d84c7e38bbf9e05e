import Foundation

/// One S3 request before signing: the operation, the object (or the bucket), query, extra headers
/// and body.
struct S3Request: Sendable {
    /// The S3 operation's name, for errors and logs, such as `PutObject`.
    var operation: String
    /// The HTTP method.
    var method: String
    /// The object key, or `nil` for a request on the bucket.
    var key: String?
    /// The decoded query parameters, such as `("uploads", "")`.
    var query: [(name: String, value: String)] = []
    /// Headers besides those the client adds (`Host`, `x-amz-*`, `Content-MD5`, `Authorization`),
    /// such as `Content-Type` and `Cache-Control`.
    var headers: [(name: String, value: String)] = []
    /// The body, or `nil` for none.
    var body: Data?
    /// Statuses that count as success besides 2xx (for example 404 for a delete).
    var acceptedStatuses: Set<Int> = []
}
