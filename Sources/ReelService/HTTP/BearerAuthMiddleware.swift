import Hummingbird
import ReelJobs

/// Lets a request through only with `Authorization: Bearer TOKEN` naming one of the API tokens;
/// 401 with `WWW-Authenticate: Bearer` otherwise. GET requests may give the token as
/// `?access_token=TOKEN` instead, since a browser's `EventSource` cannot set headers.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: [String]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let token =
            request.bearerToken ?? (request.method == .get ? request.uri.queryParameters.get("access_token") : nil)
        guard let token, tokens.contains(where: { ConstantTime.equal($0, token) }) else {
            var error = ServiceError(
                .unauthorized, kind: "unauthorized", "a valid API token is required (Authorization: Bearer TOKEN)")
            error.headers[.wwwAuthenticate] = "Bearer realm=\"reel\""
            throw error
        }
        return try await next(request, context)
    }
}
