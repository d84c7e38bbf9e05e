import Foundation
import Hummingbird
import ReelJobs

/// The API's one gate: the bearer token (401 with `WWW-Authenticate: Bearer` when missing or
/// unknown), the per-token rate limit (429 with `Retry-After`), then the scope the method needs
/// (403 naming it). GET requests may give the token as `?access_token=TOKEN` instead, since a
/// browser's `EventSource` cannot set headers. The caller reaches the routes in the context.
struct APIAuthMiddleware: RouterMiddleware {
    typealias Context = ReelRequestContext
    let tokens: [APIToken]
    let limiter: RateLimiter

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let given =
            request.bearerToken ?? (request.method == .get ? request.uri.queryParameters.get("access_token") : nil)
        // Every token is compared, so the time taken does not tell which one nearly matched.
        let matches = tokens.filter { ConstantTime.equal($0.token, given ?? "") }
        guard given != nil, let token = matches.first else {
            var error = ServiceError(
                .unauthorized, kind: "unauthorized", "a valid API token is required (Authorization: Bearer TOKEN)")
            error.headers[.wwwAuthenticate] = "Bearer realm=\"reel\""
            throw error
        }
        let caller = APICaller(token)
        context.facts.caller = caller
        if let wait = limiter.take(caller.id) {
            let seconds = max(1, Int(wait.rounded(.up)))
            var error = ServiceError(
                .tooManyRequests, kind: "rate_limited",
                "token '\(caller.id)' is over its rate limit (\(Self.format(limiter.rate)) requests/s, burst "
                    + "\(Int(limiter.burst))); retry after \(seconds) s")
            error.headers[.retryAfter] = "\(seconds)"
            throw error
        }
        let scope = APICaller.scope(for: request.method)
        guard caller.holds(scope) else {
            throw ServiceError(
                .forbidden, kind: "forbidden",
                "token '\(caller.id)' lacks the '\(scope.rawValue)' scope needed for \(request.method.rawValue)")
        }
        return try await next(request, context)
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))" : "\(value)"
    }
}
