import Foundation
import Hummingbird
import ReelJobs

/// JSON responses in the service's one JSON form (`JobCoding`).
enum JSONResponse {
    /// A JSON response.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - value: The body.
    ///   - headers: More headers.
    static func make(
        _ status: HTTPResponse.Status, _ value: some Encodable, headers: HTTPFields = [:]
    ) -> Response {
        let data = (try? JobCoding.encoder.encode(value)) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
