import Foundation
import Hummingbird

/// `GET /` and `GET /console/{file}`: the web console, without a token (the page signs in with
/// one). Every answer carries the console's security headers; assets are revalidated with their
/// entity tag (`Cache-Control: no-cache`, `304` for a matching `If-None-Match`), so a new binary's
/// console is never mixed with an old one's.
struct ConsoleRoutes<Context: RequestContext>: Sendable {
    func register(on router: Router<Context>) {
        router.get("/") { request, _ in
            try Self.response(for: ConsoleAssets.indexName, request: request)
        }
        router.get("console/:file") { request, context in
            try Self.response(for: try context.parameters.require("file"), request: request)
        }
    }

    /// The answer for one console file: the file, `304`, or `404`.
    static func response(for name: String, request: Request) throws -> Response {
        guard let asset = ConsoleAssets.asset(named: name) else {
            throw ServiceError.notFound("no console file \(name.prefix(64).debugDescription)")
        }
        var headers: HTTPFields = [.eTag: asset.etag, .cacheControl: "no-cache"]
        ConsoleHeaders.addSecurity(to: &headers)
        let tags = request.headers[values: .ifNoneMatch].flatMap { $0.split(separator: ",") }
        if tags.contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag || $0 == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        return Response(
            status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }
}
