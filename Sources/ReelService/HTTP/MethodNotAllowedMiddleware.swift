import Hummingbird

/// `405 Method Not Allowed` with `Allow` for a request whose path is a route's but whose method is
/// not (`PUT /v1/jobs`), instead of the router's `404`. Added after every route, so it wraps only
/// the router's not-found answer.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The methods of each route path.
    let routes: [(path: RouterPath, methods: [HTTPRequest.Method])]

    /// The middleware for the routes of a router.
    init(routes: [Router<Context>.RouteDescription]) {
        var methods: [String: (RouterPath, [HTTPRequest.Method])] = [:]
        for route in routes {
            methods[route.path.description, default: (route.path, [])].1.append(route.method)
        }
        self.routes = methods.values.map { (path: $0.0, methods: $0.1) }
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            if let refusal = methodNotAllowed(request) { throw refusal }
            throw error
        }
    }

    /// The 405 for a request whose path is a route's, or nil.
    private func methodNotAllowed(_ request: Request) -> ServiceError? {
        let components = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        guard let route = routes.first(where: { Self.matches($0.path, components) }),
            !route.methods.contains(request.method)
        else { return nil }
        let allowed = Set(route.methods.map(\.rawValue)).sorted().joined(separator: ", ")
        var error = ServiceError(
            .methodNotAllowed, kind: "method_not_allowed",
            "\(request.method.rawValue) is not a method of \(route.path.description) (allowed: \(allowed))")
        error.headers[.allow] = allowed
        return error
    }

    /// Whether a request path's components are a route path's (a capture matches any component).
    private static func matches(_ path: RouterPath, _ components: [Substring]) -> Bool {
        guard path.components.count == components.count else { return false }
        for (element, component) in zip(path.components, components) {
            let text = element.description
            if text.hasPrefix("{") && text.hasSuffix("}") { continue }
            if text != component { return false }
        }
        return true
    }
}
