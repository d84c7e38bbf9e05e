import Foundation
import XCTest

@testable import ReelMedia

/// Many machines in one: an API node (`reel serve --workers 0`) and `reel worker` processes sharing
/// the PostgreSQL server of `scripts/test`, each test in a schema of its own.
final class ScaleOutTests: XCTestCase {
    private struct Cluster {
        let directory: URL
        let database: String
        let output: URL
    }

    private func cluster() throws -> Cluster {
        guard let url = ProcessInfo.processInfo.environment["REEL_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw XCTSkip("no PostgreSQL server (REEL_TEST_POSTGRES_URL is unset; scripts/test starts one)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reel-scale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let schema = "reel_e2e_" + UUID().uuidString.lowercased().prefix(8)
        let database = url + (url.contains("?") ? "&" : "?") + "options=-c%20search_path%3D\(schema)"
        return Cluster(directory: directory, database: database, output: directory.appendingPathComponent("packages"))
    }

    /// Distinct clips (another tone each), so no job reuses another's package.
    private func clips(_ count: Int, in directory: URL, seconds: Double) throws -> [URL] {
        try (0..<count).map { index in
            var clip = SampleClip()
            clip.width = 640
            clip.height = 360
            clip.duration = seconds
            clip.audioTracks = [SampleClip.AudioTrack(frequency: 300 + 110 * index)]
            let url = directory.appendingPathComponent("clip\(index).mp4")
            try clip.write(to: url.path)
            return url
        }
    }

    private func api(_ cluster: Cluster) throws -> ServeProcess {
        try ServeProcess(
            [
                "serve", "--workers", "0", "--database", cluster.database, "--output", cluster.output.path,
                "--allow-source", cluster.directory.path + "/",
            ], log: cluster.directory.appendingPathComponent("api.log"))
    }

    private func worker(_ cluster: Cluster, _ name: String) throws -> ServeProcess {
        try ServeProcess(
            [
                "worker", "--database", cluster.database, "--output", cluster.output.path, "--lease", "3",
                "--concurrency", "1",
            ], environment: ["REEL_ALLOW_SOURCES": cluster.directory.path + "/"],
            log: cluster.directory.appendingPathComponent("\(name).log"))
    }

    func testSixJobsOnTwoWorkersSurviveOneWorkerKilled() async throws {
        let cluster = try cluster()
        let sources = try clips(6, in: cluster.directory, seconds: 8)
        let api = try api(cluster)
        defer { api.kill() }
        var ids: [String] = []
        for source in sources {
            let reply = try await api.request("POST", "/v1/jobs", json: #"{"source":"\#(source.path)","ladder":"web"}"#)
            XCTAssertEqual(reply.status, 202, reply.text)
            ids.append(try XCTUnwrap(reply.json["id"] as? String))
        }
        let doomed = try worker(cluster, "worker-1")
        let survivor = try worker(cluster, "worker-2")
        defer { survivor.kill() }

        // Kill worker 1 with SIGKILL in the middle of a job.
        var victim: String?
        let deadline = Date().addingTimeInterval(120)
        while victim == nil, Date() < deadline {
            for id in ids {
                let job = try await api.request("GET", "/v1/jobs/\(id)").json
                if job["status"] as? String == "running", (job["worker"] as? String ?? "").contains(":\(doomed.pid)/"),
                    job["progress"] as? Double ?? 0 > 0.05
                {
                    victim = id
                    break
                }
            }
            if victim == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let killed = try XCTUnwrap(victim, "worker 1 never ran a job; its log: \(doomed.log.suffix(2000))")
        doomed.kill(SIGKILL)

        for id in ids {
            let job = try await api.waitForJob(id, timeout: 300) {
                ($0["status"] as? String).map { $0 != "queued" && $0 != "running" } ?? false
            }
            XCTAssertEqual(
                job["status"] as? String, "succeeded", "\(id): \(job); worker 2: \(survivor.log.suffix(2000))")
            // The event stream is served by the API node while the workers are elsewhere; each job
            // completes exactly once.
            let events = try await api.request("GET", "/v1/jobs/\(id)/events").text
            XCTAssertEqual(
                events.components(separatedBy: "event: succeeded\n").count - 1, 1, "\(id): \(events.suffix(500))")
            XCTAssertEqual(events.components(separatedBy: "event: completed\n").count - 1, 1, "\(id)")
            if id == killed {
                XCTAssertGreaterThanOrEqual(job["attempts"] as? Int ?? 0, 2, "\(job)")
                XCTAssertTrue((job["worker"] as? String ?? "").contains(":\(survivor.pid)/"), "\(job)")
            }
            let streams = try MediaInspector.decodeAll(cluster.output.appendingPathComponent("\(id)/master.m3u8").path)
            XCTAssertTrue(streams.contains { $0.kind == .video && $0.frames >= 239 }, "\(id): \(streams)")
        }
    }

    func testSIGTERMHandsTheRunningJobBackAndTheWorkerExits() async throws {
        let cluster = try cluster()
        let source = try clips(1, in: cluster.directory, seconds: 30)[0]
        let api = try api(cluster)
        defer { api.kill() }
        let reply = try await api.request("POST", "/v1/jobs", json: #"{"source":"\#(source.path)"}"#)
        let id = try XCTUnwrap(reply.json["id"] as? String, reply.text)
        let first = try worker(cluster, "worker-1")
        _ = try await api.waitForJob(id) { ($0["progress"] as? Double ?? 0) > 0.02 }
        let asked = Date()
        first.kill(SIGTERM)
        XCTAssertLessThan(Date().timeIntervalSince(asked), 10, "the worker took too long to stop")
        let released = try await api.request("GET", "/v1/jobs/\(id)").json
        XCTAssertEqual(released["status"] as? String, "queued", "\(released)")
        XCTAssertEqual(first.exitStatus, 0, first.log.suffix(2000).description)

        let second = try worker(cluster, "worker-2")
        defer { second.kill() }
        let job = try await api.waitForJob(id, timeout: 240) { ($0["status"] as? String) == "succeeded" }
        XCTAssertEqual(job["status"] as? String, "succeeded")
        let events = try await api.request("GET", "/v1/jobs/\(id)/events").text
        XCTAssertTrue(events.contains("event: released\n"), events)
    }
}
