import Foundation
import Hummingbird

/// `GET /openapi.yaml` and `GET /openapi.json`: the service's OpenAPI document, without a token.
struct OpenAPIRoutes<Context: RequestContext>: Sendable {
    func register(on router: Router<Context>) {
        router.get("openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yamlText)))
        }
        router.get("openapi.json") { _, _ in
            guard let data = OpenAPIDocument.jsonData else {
                throw ServiceError(
                    .internalServerError, kind: "document_invalid", "the OpenAPI document does not convert to JSON")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
