import Foundation

/// An object read back from S3.
struct S3Object: Sendable {
    /// The object's bytes.
    let data: Data
    /// The response headers, names lowercased (`content-type`, `cache-control`, `etag`...).
    let headers: [String: String]

    /// Creates an object.
    /// - Parameters:
    ///   - data: The bytes.
    ///   - headers: The response headers, names lowercased.
    init(data: Data, headers: [String: String]) {
        self.data = data
        self.headers = headers
    }

    /// The `Content-Type` header.
    var contentType: String? { headers["content-type"] }
    /// The `Cache-Control` header.
    var cacheControl: String? { headers["cache-control"] }
}
