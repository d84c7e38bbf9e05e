import Foundation
import Hummingbird
import Logging
import ReelCore
import ReelHTTP
import ReelJobs

/// `/v1/hooks/*`: upload notifications from tusd, S3 (directly or through SNS) and MinIO.
///
/// Every hook is authenticated by the hook secret (`?token=SECRET` or `Authorization: Bearer
/// SECRET`). A finished upload becomes a job keyed by object, version and ladder, so a repeated
/// notification answers with the job it made the first time. The job is stored before the hook is
/// answered; the answer carries `Location: /v1/jobs/{id}`.
struct HookRoutes<Context: RequestContext>: Sendable {
    let intake: JobIntake
    let secret: String?
    let defaultLadder: String
    let snsSubscribeURLs: [String]
    let bodyLimit: Int
    let logger = Logger(label: "reel.hooks")

    func register(on group: RouterGroup<Context>) {
        group.post("tusd", use: tusd)
        group.post("s3", use: s3)
        // MinIO checks that a webhook target is online with HEAD.
        group.head("s3") { _, _ in Response(status: .ok) }
        group.post("minio", use: s3)
        group.head("minio") { _, _ in Response(status: .ok) }
    }

    @Sendable func tusd(_ request: Request, context: Context) async throws -> Response {
        let hook = try await read(request) { (body) throws(HookError) in try TusdHook(parsing: body) }
        switch hook.action {
        case .ignore:
            return JSONResponse.make(.ok, [String: String]())
        case .validate(let ladder):
            guard let ladder, (try? intake.settings.catalog.resolve(ladder)) == nil else {
                return JSONResponse.make(.ok, [String: String]())
            }
            // tusd answers the upload request with this response and refuses the upload.
            let refusal = TusdRejection(
                HTTPResponse: .init(StatusCode: 400, Body: "unknown ladder '\(SafeText.escaped(ladder, limit: 64))'"),
                RejectUpload: true)
            return JSONResponse.make(.ok, refusal)
        case .package(let notice):
            let job = try await submit(notice)
            return JSONResponse.make(.ok, TusdAccepted(job: job), headers: [.location: "/v1/jobs/\(job.id)"])
        }
    }

    @Sendable func s3(_ request: Request, context: Context) async throws -> Response {
        let message = try await read(request) { (body) throws(HookError) in try S3HookMessage(parsing: body) }
        let ladder = request.uri.queryParameters.get("ladder")
        switch message {
        case .ignore(let what):
            logger.info("S3 hook: \(what) ignored")
            return JSONResponse.make(.ok, ["jobs": [Job]()])
        case .confirmSubscription(let url, let topic):
            try await confirm(url, topic: topic)
            return JSONResponse.make(.ok, ["jobs": [Job]()])
        case .uploads(var notices):
            if let ladder { for index in notices.indices { notices[index].ladder = ladder } }
            var jobs: [Job] = []
            for notice in notices { jobs.append(try await submit(notice)) }
            var headers: HTTPFields = [:]
            if let first = jobs.first { headers[.location] = "/v1/jobs/\(first.id)" }
            return JSONResponse.make(.ok, ["jobs": jobs], headers: headers)
        }
    }

    /// Authenticates a hook and parses its body; a malformed body is a 400 with the reason.
    private func read<Message>(
        _ request: Request, _ parse: ([UInt8]) throws(HookError) -> Message
    ) async throws -> Message {
        var request = request
        try authenticate(request)
        let body = try await request.collectBytes(limit: bodyLimit)
        do {
            return try parse(body)
        } catch {
            throw ServiceError.badRequest(error.reason)
        }
    }

    private func submit(_ notice: UploadNotice) async throws(ServiceError) -> Job {
        let ladder = notice.ladder ?? defaultLadder
        var metadata: [String: JSONValue] = notice.metadata.mapValues { .string($0) }
        metadata["upload_version"] = notice.version.map { .string($0) } ?? .null
        let spec = PackageJob(source: notice.source, ladder: .preset(ladder), metadata: .object(metadata))
        let (job, created) = try await intake.submit(spec, idempotencyKey: notice.idempotencyKey(ladder: ladder))
        logger.info("hook: \(created ? "job" : "existing job") \(job.id) for \(notice.source)")
        return job
    }

    /// Confirms an SNS subscription by fetching its `SubscribeURL` (only from allowed prefixes), in
    /// the normal form the prefix check saw.
    private func confirm(_ url: String, topic: String) async throws(ServiceError) {
        guard let address = Self.allowedSubscribeURL(url, prefixes: snsSubscribeURLs) else {
            throw ServiceError(
                .forbidden, kind: "subscription_refused",
                "SNS SubscribeURL '\(SafeText.escaped(Redaction.redacted(url), limit: 200))' is not under an allowed prefix "
                    + "(https://sns.REGION.amazonaws.com/ or sns_subscribe_urls)")
        }
        switch await WebClient.send("GET", url: address.description) {
        case .success(let response) where (200..<300).contains(response.status):
            logger.info("SNS subscription to \(topic) confirmed")
        case .success(let response):
            throw ServiceError(
                .badGateway, kind: "subscription_failed", "SNS SubscribeURL answered HTTP \(response.status)")
        case .failure(let failure):
            throw ServiceError(.badGateway, kind: "subscription_failed", "SNS SubscribeURL: \(failure.message)")
        }
    }

    /// The `SubscribeURL` in normal form (`WebAddress`: no user information, dot segments and
    /// `%2e` resolved, `//` removed, default ports dropped) when it may be fetched: from AWS SNS
    /// itself (`https://sns.REGION.amazonaws.com/`, also `.com.cn`, default port), or under one of
    /// the configured prefixes (for SNS-compatible servers), compared in normal form too. A prefix
    /// must name a host and end with `/`, so that `https://sns.` allows nothing.
    static func allowedSubscribeURL(_ url: String, prefixes: [String]) -> WebAddress? {
        guard let address = try? WebAddress(url) else { return nil }
        if address.scheme == "https", address.port == nil,
            address.host.range(of: #"^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$"#, options: .regularExpression) != nil
        {
            return address
        }
        let allowed = prefixes.contains { prefix in
            guard prefix.hasSuffix("/"), let base = try? WebAddress(prefix) else { return false }
            return address.isUnder(base)
        }
        return allowed ? address : nil
    }

    private func authenticate(_ request: Request) throws(ServiceError) {
        guard let secret else {
            throw ServiceError(.unauthorized, kind: "unauthorized", "hooks are disabled: no hook secret is configured")
        }
        let given = request.uri.queryParameters.get("token") ?? request.bearerToken
        guard let given, ConstantTime.equal(given, secret) else {
            throw ServiceError(
                .unauthorized, kind: "unauthorized",
                "a valid hook secret is required (?token= or Authorization: Bearer)")
        }
    }
}

/// The tusd hook response that refuses an upload.
private struct TusdRejection: Encodable {
    struct HTTPResponsePart: Encodable {
        let StatusCode: Int
        let Body: String
    }
    let HTTPResponse: HTTPResponsePart
    let RejectUpload: Bool
}

/// The tusd hook response for a finished upload: tusd reads no field of it; the job is for people.
private struct TusdAccepted: Encodable {
    let job: Job
}
