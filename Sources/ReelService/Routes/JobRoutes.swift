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
            spec = try JobCoding.decoder.decode(JobSpec.self, from: Data(body))
        } catch let error as DecodingError {
            throw ServiceError.badRequest("the job is not valid: \(Self.describe(error))")
        }
        let idempotencyKey = request.headers[.idempotencyKey].map { "api:\($0)" }
        let (job, created) = try await intake.submit(spec, idempotencyKey: idempotencyKey)
        return JSONResponse.make(created ? .accepted : .ok, job, headers: [.location: "/v1/jobs/\(job.id)"])
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
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "missing field \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "field \"\(path(context))\": \(context.debugDescription)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "the body is not valid JSON" : "field \"\(path(context))\": \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
