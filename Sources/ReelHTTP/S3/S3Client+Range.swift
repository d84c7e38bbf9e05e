public import Foundation

extension S3Client {
    /// Reads a byte range of an object (a signed `GET` with `Range`), retrying transient failures.
    /// - Parameters:
    ///   - key: The object key (the configuration's prefix is not applied).
    ///   - offset: First byte.
    ///   - length: Bytes wanted; fewer come back at the end of the object.
    /// - Returns: The bytes and the object's total size from `Content-Range`, when given. At or past
    ///   the end the data is empty.
    /// - Throws: `S3Error` with an `S3Failure` (`NoSuchKey`, `AccessDenied`, 5xx after retries).
    public func getObjectRange(key: String, offset: Int64, length: Int) throws(S3Error) -> (
        data: Data, totalSize: Int64?
    ) {
        let range = "bytes=\(offset)-\(offset + Int64(max(length, 1)) - 1)"
        let response = try send(
            S3Request(
                operation: "GetObject", method: "GET", key: key, headers: [(name: "Range", value: range)],
                acceptedStatuses: [416]))
        let total = response.header("content-range").flatMap(HTTPRange.totalSize(contentRange:))
        if response.status == 416 { return (Data(), total) }
        return (response.body, total ?? (response.status == 200 ? Int64(response.body.count) : nil))
    }
}
