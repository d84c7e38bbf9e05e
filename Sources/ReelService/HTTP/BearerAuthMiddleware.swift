import Hummingbird

/// Lets a request through only with `Authorization: Bearer TOKEN` naming one of the API tokens;
/// 401 with `WWW-Authenticate: Bearer` otherwise.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: [String]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token = request.bearerToken, tokens.contains(where: { secretsEqual($0, token) }) else {
            var error = ServiceError(
                .unauthorized, kind: "unauthorized", "a valid API token is required (Authorization: Bearer TOKEN)")
            error.headers[.wwwAuthenticate] = "Bearer realm=\"reel\""
            throw error
        }
        return try await next(request, context)
    }
}
