import Foundation
import Hummingbird
import ReelJobs

/// An API error: an HTTP status and a JSON body `{"error": {"kind", "message"}}`.
struct ServiceError: Error, Sendable, HTTPResponseError {
    let status: HTTPResponse.Status
    let kind: String
    let message: String
    var headers: HTTPFields = [:]

    /// Creates an error.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - kind: A machine-readable kind (`unauthorized`, `invalid_request`, …).
    ///   - message: What is wrong, naming the field.
    init(_ status: HTTPResponse.Status, kind: String, _ message: String) {
        self.status = status
        self.kind = kind
        self.message = message
    }

    static func badRequest(_ message: String) -> ServiceError {
        ServiceError(.badRequest, kind: "invalid_request", message)
    }
    static func notFound(_ message: String) -> ServiceError { ServiceError(.notFound, kind: "not_found", message) }
    /// 503 with `Retry-After`: the job store is down, locked or too slow to answer in time.
    static func storeUnavailable(_ error: JobStoreError) -> ServiceError {
        var failure = ServiceError(.serviceUnavailable, kind: "store_unavailable", error.description)
        failure.headers[.retryAfter] = "2"
        return failure
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ["error": ["kind": kind, "message": message]]
        var response = JSONResponse.make(status, body)
        response.headers.append(contentsOf: headers)
        return response
    }
}
