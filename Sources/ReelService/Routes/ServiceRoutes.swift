import Foundation
import Hummingbird
import Prometheus
import ReelCore
import ReelJobs

/// `/healthz`, `/metrics` and `/v1/ladders`.
struct ServiceRoutes<Context: RequestContext>: Sendable {
    let store: any JobStore
    let catalog: LadderCatalog
    let metrics: ServiceMetrics
    /// Whether `/metrics` exports the cluster's job counts (API nodes: yes; `reel worker`: no).
    var clusterGauges = true

    func register(on router: Router<Context>, api: RouterGroup<Context>) {
        registerOperations(on: router)
        api.get("ladders", use: ladders)
    }

    /// `/healthz` and `/metrics` only (what a `reel worker` serves).
    func registerOperations(on router: Router<Context>) {
        router.get("healthz", use: health)
        router.get("metrics", use: scrape)
    }

    /// 200 while the job store answers within 2 s, 503 otherwise — fast either way, so a load
    /// balancer can take the node out while its database is unreachable.
    @Sendable func health(_ request: Request, context: Context) async throws -> Response {
        let store = self.store
        let answer = await FirstAnswer.race(
            timeout: .seconds(2), timeoutAnswer: "store unavailable: no answer within 2 s"
        ) {
            do throws(JobStoreError) {
                _ = try await store.countsByStatus()
                return "ok"
            } catch {
                return "store unavailable: \(error.description)"
            }
        }
        return JSONResponse.make(answer == "ok" ? .ok : .serviceUnavailable, ["status": answer])
    }

    @Sendable func scrape(_ request: Request, context: Context) async throws -> Response {
        let text: String
        do {
            text = try await metrics.render(clusterGaugesFrom: clusterGauges ? store : nil)
        } catch let error as JobStoreError {
            throw ServiceError.storeUnavailable(error)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable func ladders(_ request: Request, context: Context) async throws -> Response {
        do {
            let ladders = try catalog.all().map(LadderSummary.init)
            return JSONResponse.make(.ok, ["ladders": ladders])
        } catch {
            throw ServiceError(.internalServerError, kind: "ladder_invalid", error.description)
        }
    }
}

/// A ladder as `GET /v1/ladders` lists it.
struct LadderSummary: Encodable {
    let name: String
    let summary: String
    let codec: String?
    let segmentDuration: Double
    let keyframeInterval: Double
    let rungs: [String]
    let audio: [String]

    init(_ ladder: Ladder) {
        name = ladder.name
        summary = ladder.summary
        codec = ladder.video?.codec.rawValue
        segmentDuration = ladder.segmentDuration
        keyframeInterval = ladder.keyframeInterval
        rungs = ladder.rungs.map(\.name)
        audio = ladder.audio.map(\.name)
    }

    enum CodingKeys: String, CodingKey {
        case name, summary, codec, rungs, audio
        case segmentDuration = "segment_duration"
        case keyframeInterval = "keyframe_interval"
    }
}
