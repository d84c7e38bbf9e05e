import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import Prometheus
import ReelJobs
import XCTest

@testable import ReelService

/// Tokens, scopes, tenants, rate limits, field limits, the access log and the request metrics,
/// through the real router.
final class APIGateTests: XCTestCase {
    static let reader = APIToken(id: "reader", token: "reader-token-0123456789", scopes: [.read])
    static let app1 = APIToken(id: "app1", token: "app1-token-0123456789", scopes: [.read, .write], tenant: "app1")
    static let app2 = APIToken(id: "app2", token: "app2-token-0123456789", scopes: [.read, .write], tenant: "app2")
    static let admin = APIToken(id: "ops", token: "ops-token-0123456789", scopes: [.admin], tenant: "ops")

    private static func auth(_ token: APIToken) -> HTTPFields { [.authorization: "Bearer \(token.token)"] }
    private static func job(_ source: String = "s3://uploads/a.mp4") -> ByteBuffer {
        ByteBuffer(string: #"{"source":"\#(source)"}"#)
    }
    private static func message(_ response: TestResponse) -> String {
        (response.json["error"] as? [String: Any])?["message"] as? String ?? ""
    }

    func testScopesDecideWhatATokenMayDo() async throws {
        let harness = try await ServiceHarness { $0.apiTokens += [Self.reader, Self.app1] }
        try await harness.test { client in
            try await client.execute(uri: "/v1/jobs", method: .post, headers: Self.auth(Self.reader), body: Self.job())
            {
                response in
                XCTAssertEqual(response.status, .forbidden)
                XCTAssertTrue(Self.message(response).contains("'write' scope"), Self.message(response))
            }
            try await client.execute(uri: "/v1/jobs", method: .get, headers: Self.auth(Self.reader)) {
                XCTAssertEqual($0.status, .ok)
            }
            try await client.execute(uri: "/v1/ladders", method: .get, headers: Self.auth(Self.reader)) {
                XCTAssertEqual($0.status, .ok)
            }
            try await client.execute(uri: "/v1/jobs", method: .post, headers: Self.auth(Self.app1), body: Self.job()) {
                XCTAssertEqual($0.status, .accepted)
            }
        }
    }

    func testATenantSeesAndCancelsOnlyItsOwnJobs() async throws {
        let harness = try await ServiceHarness { $0.apiTokens += [Self.app1, Self.app2, Self.admin] }
        try await harness.test { client in
            let id = try await client.execute(
                uri: "/v1/jobs", method: .post, headers: Self.auth(Self.app1), body: Self.job()
            ) { try XCTUnwrap($0.json["id"] as? String) }
            try await client.execute(uri: "/v1/jobs/\(id)", method: .get, headers: Self.auth(Self.app2)) {
                XCTAssertEqual($0.status, .notFound)
            }
            try await client.execute(uri: "/v1/jobs/\(id)", method: .delete, headers: Self.auth(Self.app2)) {
                XCTAssertEqual($0.status, .notFound)
            }
            try await client.execute(uri: "/v1/jobs", method: .get, headers: Self.auth(Self.app2)) { response in
                XCTAssertEqual((response.json["jobs"] as? [[String: Any]])?.count, 0, "\(response.json)")
            }
            try await client.execute(uri: "/v1/jobs/\(id)", method: .get, headers: Self.auth(Self.app1)) {
                XCTAssertEqual($0.status, .ok)
            }
            try await client.execute(uri: "/v1/jobs", method: .get, headers: Self.auth(Self.admin)) { response in
                XCTAssertEqual((response.json["jobs"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, [id])
            }
            // Each tenant's outputs live in a folder of its own: the other tenant may use the same
            // output name without meeting the first tenant's package.
            try await client.execute(
                uri: "/v1/jobs", method: .post, headers: Self.auth(Self.app2),
                body: ByteBuffer(string: #"{"source":"s3://uploads/b.mp4","output":"\#(id)"}"#)
            ) { response in
                XCTAssertEqual(response.status, .accepted, String(buffer: response.body))
            }
            // Inside one tenant's folder, outputs still never nest.
            try await client.execute(
                uri: "/v1/jobs", method: .post, headers: Self.auth(Self.app1),
                body: ByteBuffer(string: #"{"source":"s3://uploads/b.mp4","output":"\#(id)/x"}"#)
            ) { response in
                XCTAssertEqual(response.status, .conflict, String(buffer: response.body))
            }
            // A job without a tenant cannot write over a tenant's folder.
            try await client.execute(
                uri: "/v1/jobs", method: .post, headers: ServiceHarness.auth,
                body: ByteBuffer(string: #"{"source":"s3://uploads/b.mp4","output":"app1"}"#)
            ) { response in
                XCTAssertEqual(response.status, .conflict, String(buffer: response.body))
            }
            try await client.execute(uri: "/v1/jobs/\(id)", method: .delete, headers: Self.auth(Self.app1)) {
                XCTAssertEqual($0.status, .accepted)
            }
        }
    }

    func testABurstOverTheRateLimitGets429WithRetryAfter() async throws {
        let harness = try await ServiceHarness {
            $0.rateLimit = 0.5
            $0.rateBurst = 5
            $0.apiTokens += [Self.app1]
        }
        try await harness.test { client in
            for _ in 0..<5 {
                try await client.execute(uri: "/v1/jobs", method: .get, headers: Self.auth(Self.app1)) {
                    XCTAssertEqual($0.status, .ok)
                }
            }
            try await client.execute(uri: "/v1/jobs", method: .get, headers: Self.auth(Self.app1)) { response in
                XCTAssertEqual(response.status, .tooManyRequests)
                XCTAssertEqual(response.headers[.retryAfter], "2")
                XCTAssertEqual((response.json["error"] as? [String: Any])?["kind"] as? String, "rate_limited")
            }
            // Each token has its own bucket.
            try await client.execute(uri: "/v1/jobs", method: .get, headers: ServiceHarness.auth) {
                XCTAssertEqual($0.status, .ok)
            }
        }
    }

    func testOversizedFieldsAreRefusedNamingTheFieldAndTheLimit() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            let long = String(repeating: "x", count: 5000)
            let cases: [(String, String)] = [
                (#"{"source":"s3://uploads/\#(long)"}"#, "source: 5013 bytes is over the limit of 4096 bytes"),
                (#"{"source":"s3://b/a.mp4","output":"\#(long)"}"#, "output: 5000 bytes is over the limit of 1024"),
                (
                    #"{"source":"s3://b/a.mp4","callback_url":"https://app.example.com/\#(long)"}"#,
                    "callback_url: 5024 bytes is over the limit of 2048"
                ),
                (
                    #"{"source":"s3://b/a.mp4","metadata":{"a":"\#(long)","b":"\#(long)","c":"\#(long)","d":"\#(long)"}}"#,
                    "metadata: 20029 bytes is over the limit of 16384"
                ),
            ]
            for (json, expected) in cases {
                try await client.execute(
                    uri: "/v1/jobs", method: .post, headers: ServiceHarness.auth, body: ByteBuffer(string: json)
                ) { response in
                    XCTAssertEqual(response.status, .badRequest)
                    XCTAssertTrue(Self.message(response).contains(expected), Self.message(response))
                }
            }
            // Hooks go through the same limits.
            let tusd = """
                {"Type":"post-finish","Event":{"Upload":{"ID":"u1","Size":10,"MetaData":{},
                "Storage":{"Type":"s3store","Bucket":"uploads","Key":"\(long)"}}}}
                """
            try await client.execute(
                uri: "/v1/hooks/tusd?token=\(ServiceHarness.hookSecret)", method: .post, body: ByteBuffer(string: tusd)
            ) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertTrue(Self.message(response).contains("over the limit of 4096"), Self.message(response))
            }
        }
    }

    func testMetricsCountRequestsByRouteAndStatusAndAuthFailures() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            try await client.execute(
                uri: "/v1/jobs", method: .post, headers: ServiceHarness.auth, body: Self.job()
            ) { XCTAssertEqual($0.status, .accepted) }
            let id = "00000000-0000-0000-0000-000000000000"
            try await client.execute(uri: "/v1/jobs/\(id)", method: .get, headers: ServiceHarness.auth) {
                XCTAssertEqual($0.status, .notFound)
            }
            try await client.execute(uri: "/v1/jobs", method: .get, headers: [.authorization: "Bearer wrong"]) {
                XCTAssertEqual($0.status, .unauthorized)
            }
            try await client.execute(uri: "/v1/hooks/tusd?token=wrong", method: .post, body: ByteBuffer(string: "{}")) {
                XCTAssertEqual($0.status, .unauthorized)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                for line in [
                    #"reel_http_requests_total{route="/v1/jobs",method="POST",status="202"} 1"#,
                    #"reel_http_requests_total{route="/v1/jobs/{id}",method="GET",status="404"} 1"#,
                    #"reel_http_requests_total{route="/v1/jobs",method="GET",status="401"} 1"#,
                    #"reel_auth_failures_total{route="/v1/jobs"} 1"#,
                    #"reel_auth_failures_total{route="/v1/hooks/tusd"} 1"#,
                    #"reel_jobs{status="queued"} 1"#,
                ] {
                    XCTAssertTrue(text.contains(line), "\(line) missing from\n\(text)")
                }
                XCTAssertFalse(text.contains("token=wrong"), text)
                XCTAssertFalse(text.contains(id), text)
            }
        }
    }

    func testAWorkersMetricsLeaveOutTheClusterGauges() async throws {
        let harness = try await ServiceHarness()
        let routes = ServiceRoutes<BasicRequestContext>(
            store: harness.store, catalog: harness.server.settings.catalog, metrics: ServiceMetrics(),
            clusterGauges: false)
        let router = Router()
        routes.registerOperations(on: router)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertFalse(String(buffer: response.body).contains("reel_jobs{"))
            }
        }
        await harness.close()
    }

    func testJobDurationBucketsReachHours() {
        let registry = PrometheusCollectorRegistry()
        let factory = ServiceMetrics.factory(registry: registry)
        factory.makeTimer(label: "reel_job_duration_seconds", dimensions: []).recordNanoseconds(
            Int64(2 * 3600) * 1_000_000_000)
        factory.makeTimer(label: "reel_job_queue_wait_seconds", dimensions: []).recordNanoseconds(250_000_000)
        let text = registry.emitToString()
        XCTAssertTrue(text.contains(#"reel_job_duration_seconds_bucket{le="3600.0"} 0"#), text)
        XCTAssertTrue(text.contains(#"reel_job_duration_seconds_bucket{le="14400.0"} 1"#), text)
        XCTAssertTrue(text.contains(#"reel_job_duration_seconds_bucket{le="1.0"} 0"#), text)
        XCTAssertTrue(text.contains(#"reel_job_queue_wait_seconds_bucket{le="0.5"} 1"#), text)
    }

    func testTheAccessLogNamesRouteStatusAndTokenIdButNeverTheTokenOrQuery() async throws {
        let lines = LogLines()
        let logger = Logger(label: "reel.access") { _ in CapturingLogHandler(lines: lines) }
        let router = Router(context: ReelRequestContext.self)
        router.add(middleware: AccessLogMiddleware(metrics: ServiceMetrics(), logger: logger))
        let api = router.group("v1").add(
            middleware: APIAuthMiddleware(tokens: [Self.app1], limiter: RateLimiter(rate: 10, burst: 10)))
        api.get("jobs/:id") { _, _ in Response(status: .ok) }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/v1/jobs/secret-id?access_token=\(Self.app1.token)", method: .get) {
                XCTAssertEqual($0.status, .ok)
            }
            try await client.execute(uri: "/v1/jobs/x?access_token=not-a-token", method: .get) {
                XCTAssertEqual($0.status, .unauthorized)
            }
        }
        let logged = lines.all
        XCTAssertEqual(logged.count, 2, "\(logged)")
        XCTAssertTrue(logged[0].hasPrefix("GET /v1/jobs/{id} 200"), logged[0])
        XCTAssertTrue(logged[0].contains("token=app1"), logged[0])
        XCTAssertTrue(logged[0].contains("duration_ms="), logged[0])
        XCTAssertTrue(logged[1].hasPrefix("GET /v1/jobs/{id} 401"), logged[1])
        XCTAssertTrue(logged[1].contains("token=-"), logged[1])
        for line in logged {
            XCTAssertFalse(line.contains(Self.app1.token) || line.contains("not-a-token"), line)
            XCTAssertFalse(line.contains("secret-id") || line.contains("access_token"), line)
        }
    }
}

/// Log lines, as `MESSAGE key=value…` with sorted metadata.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// A log handler that keeps what is logged.
struct CapturingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        lines.append(([event.message.description] + fields).joined(separator: " "))
    }
}
