public import Foundation

/// An object read back from S3.
public struct S3Object: Sendable {
    /// The object's bytes.
    public let data: Data
    /// The response headers, names lowercased (`content-type`, `cache-control`, `etag`...).
    public let headers: [String: String]

    /// Creates an object.
    /// - Parameters:
    ///   - data: The bytes.
    ///   - headers: The response headers, names lowercased.
    public init(data: Data, headers: [String: String]) {
        self.data = data
        self.headers = headers
    }

    /// The `Content-Type` header.
    public var contentType: String? { headers["content-type"] }
    /// The `Cache-Control` header.
    public var cacheControl: String? { headers["cache-control"] }
}
