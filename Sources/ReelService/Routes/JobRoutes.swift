import Foundation
import Hummingbird
import ReelJobs

/// `/v1/jobs`: submit, list, show, follow (SSE) and cancel jobs.
struct JobRoutes<Context: RequestContext>: Sendable {
    let intake: JobIntake
    let store: any JobStore
    let signals: JobSignals
    let pool: WorkerPool?
    let bodyLimit: Int

    func register(on group: RouterGroup<Context>) {
        group.post(use: create)
        group.get(use: list)
        group.get(":id", use: show)
        group.delete(":id", use: cancel)
        group.get(":id/events", use: events)
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        var request = request
        let body = try await request.collectBytes(limit: bodyLimit)
        let spec: JobSpec
        do {
            try Self.checkFields(body)
            spec = try JobCoding.decoder.decode(JobSpec.self, from: Data(body))
        } catch let error as DecodingError {
            throw ServiceError.badRequest("the job is not valid: \(Self.describe(error))")
        }
        let idempotencyKey = request.headers[.idempotencyKey].map { "api:\($0)" }
        let (job, created) = try await intake.submit(spec, idempotencyKey: idempotencyKey)
        return JSONResponse.make(created ? .accepted : .ok, job, headers: [.location: "/v1/jobs/\(job.id)"])
    }

    /// The fields a job may have; any other is a mistake worth saying (`ladr` for `ladder`).
    static var knownFields: Set<String> {
        ["source", "ladder", "formats", "hls_segments", "output", "callback_url", "metadata"]
    }

    /// Refuses a body that is not a JSON object or has fields a job does not have.
    private static func checkFields(_ body: [UInt8]) throws(ServiceError) {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body)) else {
            throw .badRequest("the job is not valid: the body is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw .badRequest("the job is not valid: the body must be a JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { !knownFields.contains($0) }) {
            throw .badRequest(
                "the job is not valid: unknown field \"\(unknown)\" (fields: \(knownFields.sorted().joined(separator: ", ")))"
            )
        }
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 50, 1), 500)
        var status: JobStatus?
        if let text = request.uri.queryParameters.get("status") {
            guard let parsed = JobStatus(rawValue: text) else {
                throw ServiceError.badRequest(
                    "status: '\(text)' is not one of queued, running, succeeded, failed, cancelled")
            }
            status = parsed
        }
        do {
            let jobs = try await store.recentJobs(limit: limit, status: status)
            return JSONResponse.make(.ok, ["jobs": jobs])
        } catch {
            throw ServiceError.storeUnavailable(error)
        }
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        JSONResponse.make(.ok, try await job(context))
    }

    @Sendable func cancel(_ request: Request, context: Context) async throws -> Response {
        let id = JobID(try context.parameters.require("id"))
        let job: Job?
        do {
            job = try await store.cancel(id)
        } catch {
            throw ServiceError.storeUnavailable(error)
        }
        guard let job else { throw ServiceError.notFound("no job \(id)") }
        if job.status.isFinal && job.status != .cancelled {
            throw ServiceError(.conflict, kind: "already_finished", "job \(id) already \(job.status.rawValue)")
        }
        pool?.cancel(id)
        signals.signal(JobSignals.events(of: id))
        return JSONResponse.make(.accepted, job)
    }

    @Sendable func events(_ request: Request, context: Context) async throws -> Response {
        let job = try await job(context)
        let after = request.headers[.lastEventID].flatMap { Int64($0) } ?? 0
        let stream = JobEventStream(store: store, signals: signals, job: job.id, after: after)
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .accelBuffering: "no"],
            body: ResponseBody { writer in try await stream.write(to: &writer) })
    }

    private func job(_ context: Context) async throws -> Job {
        let id = JobID(try context.parameters.require("id"))
        do {
            guard let job = try await store.job(id) else { throw ServiceError.notFound("no job \(id)") }
            return job
        } catch let error as JobStoreError {
            throw ServiceError.storeUnavailable(error)
        }
    }

    /// A decoding error as one line naming the field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.reduce("") { text, key in
                key.intValue.map { "\(text)[\($0)]" } ?? (text.isEmpty ? key.stringValue : "\(text).\(key.stringValue)")
            }
        }
        func choices(_ field: String) -> String? {
            if field.hasPrefix("formats") { return "hls or dash" }
            if field.hasPrefix("hls_segments") { return "fmp4 or ts" }
            return nil
        }
        switch error {
        case .keyNotFound(let key, _): return "missing field \"\(key.stringValue)\""
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "field \"\(path(context))\" must be \(type == String.self ? "a string" : "\(type)")"
        case .dataCorrupted(let context):
            let field = path(context)
            if field.isEmpty { return "the body is not valid JSON" }
            if let choices = choices(field) { return "field \"\(field)\" must be \(choices)" }
            return "field \"\(field)\": \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
