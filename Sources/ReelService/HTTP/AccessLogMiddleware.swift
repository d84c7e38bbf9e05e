import Foundation
import Hummingbird
import Logging

/// One access-log line per request (method, route template, status, duration, token id and
/// client address — never the token, the raw path or the query, which may hold `access_token` or
/// a hook's `token`), and the request metrics: requests by route and status, and every 401 as an
/// authentication failure. The line is written once the response body is (an event stream's at
/// its end).
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = ReelRequestContext
    let metrics: ServiceMetrics
    var logger = Logger(label: "reel.access")

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        do {
            var response = try await next(request, context)
            let status = response.status
            let body = response.body
            response.body = ResponseBody(contentLength: body.contentLength) { writer in
                defer { record(request, context: context, status: status, start: start) }
                try await body.write(writer)
            }
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            record(request, context: context, status: status, start: start)
            throw error
        }
    }

    private func record(
        _ request: Request, context: Context, status: HTTPResponse.Status, start: ContinuousClock.Instant
    ) {
        let route = context.endpointPath ?? "unknown"
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) * 1e-15
        metrics.recordRequest(route: route, method: request.method.rawValue, status: status.code)
        var metadata: Logger.Metadata = [
            "duration_ms": "\(String(format: "%.1f", milliseconds))", "token": "\(context.caller?.id ?? "-")",
        ]
        if let client = context.clientAddress { metadata["client"] = "\(client)" }
        logger.info("\(request.method.rawValue) \(route) \(status.code)", metadata: metadata)
    }
}
