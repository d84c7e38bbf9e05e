import Foundation
import Hummingbird
import ReelCore
import ReelJobs

/// What the job routes know about the caller, set by the API's authentication middleware: the
/// tenant that owns the jobs it creates, and whether it sees every tenant's jobs. A context that
/// does not conform is a single-tenant service: no owner, every job visible.
protocol JobCallerContext: RequestContext {
    /// The owner of the jobs the caller creates (its tenant), or nil. Also scopes its
    /// `Idempotency-Key`s, so two tenants' keys never meet.
    var jobOwner: String? { get }
    /// Whether the caller sees and cancels every job (an admin token, a token without a tenant);
    /// otherwise only the jobs whose owner is `jobOwner`.
    var seesAllJobs: Bool { get }
}

/// `/v1/jobs`: submit, list, show, follow (SSE) and cancel jobs.
struct JobRoutes<Context: RequestContext>: Sendable {
    let intake: JobIntake
    let store: any JobStore
    let signals: JobSignals
    let pool: WorkerPool?
    let bodyLimit: Int

    /// The longest `Idempotency-Key` accepted.
    static var maxIdempotencyKeyLength: Int { 255 }
    /// `GET /v1/jobs` lists this many jobs unless `limit` says otherwise, and never more than `maxPage`.
    static var defaultPage: Int { 20 }
    static var maxPage: Int { 100 }

    func register(on group: RouterGroup<Context>) {
        group.post(use: create)
        group.get(use: list)
        group.get(":id", use: show)
        group.delete(":id", use: cancel)
        group.get(":id/events", use: events)
        group.post(":id/retry", use: retry)
    }

    /// The owner of the caller's new jobs (nil for a context without one).
    static func owner(_ context: Context) -> String? {
        (context as? any JobCallerContext)?.jobOwner
    }

    /// The owner whose jobs the caller may see: nil for every job.
    static func visibleOwner(_ context: Context) -> String? {
        guard let caller = context as? any JobCallerContext, !caller.seesAllJobs else { return nil }
        return caller.jobOwner ?? ""
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        var request = request
        let idempotencyKey = try Self.idempotencyKey(request.headers, owner: Self.owner(context))
        let body = try await request.collectBytes(limit: bodyLimit)
        let spec: PackageJob
        do {
            spec = try PackageJob.decode(json: Data(body))
        } catch {
            throw ServiceError.badRequest(error.description)
        }
        let (job, created) = try await intake.submit(
            spec, idempotencyKey: idempotencyKey, owner: Self.owner(context), requestMustMatch: true)
        return JSONResponse.make(created ? .accepted : .ok, job, headers: [.location: "/v1/jobs/\(job.id)"])
    }

    /// The store's key for a request's `Idempotency-Key` (IETF draft): scoped to the API and the
    /// caller's tenant; nil without the header.
    /// - Throws: 400 for an empty or blank key, one over 255 characters or with characters other
    ///   than printable ASCII, or several keys.
    static func idempotencyKey(_ headers: HTTPFields, owner: String?) throws(ServiceError) -> String? {
        let values = headers[values: .idempotencyKey]
        guard let key = values.first else { return nil }
        guard values.count == 1 else { throw .badRequest("Idempotency-Key: send one key, not \(values.count)") }
        guard !key.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .badRequest("Idempotency-Key: must not be empty")
        }
        guard key.utf8.count <= maxIdempotencyKeyLength else {
            throw .badRequest("Idempotency-Key: longer than \(maxIdempotencyKeyLength) characters")
        }
        guard key.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .badRequest("Idempotency-Key: only printable ASCII characters are allowed")
        }
        let tenant = owner.map { "\($0.utf8.count):\($0)" } ?? "-"
        return "api:\(tenant):\(key)"
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        var limit = Self.defaultPage
        if let text = request.uri.queryParameters.get("limit") {
            guard let value = Int(text) else {
                throw ServiceError.badRequest("limit: '\(text.prefix(64))' is not a whole number")
            }
            limit = min(max(value, 1), Self.maxPage)
        }
        var status: JobStatus?
        if let text = request.uri.queryParameters.get("status") {
            guard let parsed = JobStatus(rawValue: text) else {
                throw ServiceError.badRequest(
                    "status: '\(text)' is not one of queued, running, succeeded, failed, cancelled")
            }
            status = parsed
        }
        var cursor: JobID?
        if let text = request.uri.queryParameters.get("cursor") {
            guard UUID(uuidString: text) != nil else {
                throw ServiceError.badRequest("cursor: '\(text.prefix(64))' is not a job id (use next_cursor)")
            }
            cursor = JobID(text.lowercased())
        }
        do {
            // One more than asked, to learn whether another page follows.
            let jobs = try await store.recentJobs(
                limit: limit + 1, status: status, owner: Self.visibleOwner(context), before: cursor)
            let page = JobPage(
                jobs: Array(jobs.prefix(limit)), nextCursor: jobs.count > limit ? jobs[limit - 1].id : nil)
            return JSONResponse.make(.ok, page)
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
            job = try await store.cancel(id, owner: Self.visibleOwner(context))
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

    /// The job of the request's `id`, when the caller may see it.
    /// - Throws: `ServiceError`: 404 for no such job (or another tenant's), 503 for the store.
    func job(_ context: Context) async throws -> Job {
        let id = JobID(try context.parameters.require("id"))
        do {
            guard let job = try await store.job(id, owner: Self.visibleOwner(context)) else {
                throw ServiceError.notFound("no job \(id)")
            }
            return job
        } catch let error as JobStoreError {
            throw ServiceError.storeUnavailable(error)
        }
    }
}

/// A page of `GET /v1/jobs`: newest first; `next_cursor` (when more jobs follow) is passed back as
/// `?cursor=` for the next page.
struct JobPage: Encodable {
    let jobs: [Job]
    let nextCursor: JobID?

    enum CodingKeys: String, CodingKey {
        case jobs
        case nextCursor = "next_cursor"
    }
}
