import Foundation
import Hummingbird

extension Request {
    /// The whole body, refused with 413 beyond `limit` bytes — at once when `Content-Length`
    /// already says so, without waiting for the body.
    /// - Parameter limit: The largest body accepted.
    mutating func collectBytes(limit: Int) async throws -> [UInt8] {
        let tooLarge = ServiceError(
            .contentTooLarge, kind: "too_large", "the request body is larger than \(limit) bytes")
        if let declared = headers[.contentLength].flatMap({ Int($0) }), declared > limit { throw tooLarge }
        do {
            let buffer = try await collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge
        }
    }

    /// The bearer token of the `Authorization` header, if any.
    var bearerToken: String? {
        guard let value = headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
