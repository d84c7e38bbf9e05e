import Crypto
import Foundation
import ReelOutput
import ReelTestSupport
import XCTest

@testable import ReelHTTP
@testable import ReelJobs
@testable import ReelMedia

/// `reel serve` as a separate process with real parts: the S3 server holds the uploads and receives
/// the packages, jobs come in through a tusd hook and the API, SSE is read over HTTP, callbacks are
/// verified, and the process is killed with SIGKILL in the middle of a job.
final class ServiceEndToEndTests: XCTestCase {
    private func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reel-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }

    private func clip(_ directory: URL, seconds: Double, width: Int = 320, height: Int = 180) throws -> URL {
        var clip = SampleClip()
        clip.width = width
        clip.height = height
        clip.duration = seconds
        let url = directory.appendingPathComponent("source-\(UUID().uuidString.prefix(6)).mp4")
        try clip.write(to: url.path)
        return url
    }

    private func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    func testTusdHookForAnS3UploadIsPackagedIntoS3WithEventsAndCallbacks() async throws {
        let s3 = try S3TestServer.require()
        let directory = try scratch()
        let (bucket, client) = try s3.makeBucket()
        let source = try Data(contentsOf: try clip(directory, seconds: 4))
        try client.putObject(source, key: "uploads/f81d4fae", contentType: "video/mp4")
        let environment = [
            "AWS_ACCESS_KEY_ID": s3.accessKey, "AWS_SECRET_ACCESS_KEY": s3.secretKey, "AWS_REGION": s3.region,
            "AWS_ENDPOINT_URL": s3.endpoint.absoluteString,
        ]
        let callbacks = CallbackReceiver(failFirst: 1)
        try await callbacks.start()
        defer { callbacks.stop() }
        let server = try ServeProcess(
            [
                "serve", "--database", "sqlite:\(directory.path)/reel.db", "--output", "s3://\(bucket)/packages/",
                "--allow-source", "s3://\(bucket)/uploads/",
                // The callback receiver listens on 127.0.0.1.
                "--allow-private-networks",
            ], environment: environment.merging(["REEL_CALLBACK_SECRET": "cb-secret"]) { $1 },
            log: directory.appendingPathComponent("serve.log"))

        // tusd's post-finish hook for an upload in its S3 store.
        let hook = """
            {"Type":"post-finish","Event":{"Upload":{"ID":"f81d4fae+multipart","Size":\(source.count),"Offset":\(source.count),
            "MetaData":{"filename":"talk.mp4","ladder":"web"},"IsPartial":false,"IsFinal":false,"PartialUploads":null,
            "Storage":{"Type":"s3store","Bucket":"\(bucket)","Key":"uploads/f81d4fae"}},
            "HTTPRequest":{"Method":"PATCH","URI":"/files/f81d4fae","RemoteAddr":"127.0.0.1:5000","Header":{}}}}
            """
        let hookResult = await WebClient.send(
            "POST", url: server.baseURL + "/v1/hooks/tusd?token=\(ServeProcess.hookSecret)",
            headers: [(name: "Content-Type", value: "application/json")], body: Data(hook.utf8))
        let hookReply = try hookResult.get()
        XCTAssertEqual(hookReply.status, 200)
        let job = try XCTUnwrap(
            ((try JSONSerialization.jsonObject(with: hookReply.body) as? [String: Any])?["job"] as? [String: Any])?[
                "id"]
                as? String, String(decoding: hookReply.body, as: UTF8.self))

        // The event stream: past events, then live ones, ending after the final event.
        let events = try await server.request("GET", "/v1/jobs/\(job)/events", timeout: 180).text
        XCTAssertTrue(events.contains("event: queued\n"), events)
        XCTAssertTrue(events.contains("event: started\n"), events)
        XCTAssertTrue(events.contains("event: progress\n"), events)
        XCTAssertTrue(events.contains("event: segment\n"), events)
        XCTAssertTrue(events.contains("event: completed\n"), events)
        XCTAssertTrue(events.hasSuffix("\n\n") && events.contains("event: succeeded\n"), events)
        let ids = events.split(separator: "\n").filter { $0.hasPrefix("id: ") }.compactMap { Int64($0.dropFirst(4)) }
        XCTAssertEqual(ids, ids.sorted())

        let finished = try await server.request("GET", "/v1/jobs/\(job)").json
        XCTAssertEqual(finished["status"] as? String, "succeeded", "\(finished)")
        XCTAssertEqual(finished["progress"] as? Double, 1)
        XCTAssertEqual(finished["attempts"] as? Int, 1)
        let result = try XCTUnwrap(finished["result"] as? [String: Any])
        XCTAssertEqual(result["content_id"] as? String, sha256(source))
        let manifests = try XCTUnwrap(result["manifests"] as? [String: String])
        XCTAssertEqual(manifests["hls"], "s3://\(bucket)/packages/\(job)/master.m3u8")
        XCTAssertEqual(manifests["dash"], "s3://\(bucket)/packages/\(job)/manifest.mpd")
        XCTAssertGreaterThan(result["bytes"] as? Int ?? 0, 10_000)

        // The package in S3 plays: download it and read every rendition back through libavformat.
        let package = directory.appendingPathComponent("package")
        for key in try client.listKeys(prefix: "packages/\(job)/") {
            let file = package.appendingPathComponent(String(key.dropFirst("packages/\(job)/".count)))
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try client.getObject(key: key).data.write(to: file)
        }
        let streams = try MediaInspector.decodeAll(package.appendingPathComponent("master.m3u8").path)
        XCTAssertTrue(streams.contains { $0.kind == .video && $0.frames >= 100 }, "\(streams)")
        XCTAssertTrue(streams.contains { $0.kind == .audio && $0.samples > 0 }, "\(streams)")
        XCTAssertTrue(streams.allSatisfy { $0.decodeErrors == 0 })
        if let keep = ProcessInfo.processInfo.environment["REEL_TEST_KEEP_PACKAGE"] {
            // For a look with other players (e.g. ../shared/conform).
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: package, to: URL(fileURLWithPath: keep))
        }

        // The same content again through the API, with a callback: the package is reused, and the
        // callback is signed.
        let body =
            #"{"source":"s3://\#(bucket)/uploads/f81d4fae","ladder":"web","callback_url":"\#(callbacks.url)","metadata":{"ref":"x1"}}"#
        let second = try await server.request("POST", "/v1/jobs", json: body)
        XCTAssertEqual(second.status, 202, second.text)
        let secondID = try XCTUnwrap(second.json["id"] as? String)
        let reused = try await server.waitForJob(secondID) {
            ($0["status"] as? String).map { $0 != "queued" && $0 != "running" } ?? false
        }
        XCTAssertEqual(reused["status"] as? String, "succeeded", "\(reused)")
        XCTAssertEqual((reused["result"] as? [String: Any])?["reused_from"] as? String, job)
        // The first delivery is refused (503); the retry gets through.
        let delivered = try await callbacks.deliveries(atLeast: 2)
        XCTAssertEqual(delivered.count, 2)
        let delivery = try XCTUnwrap(delivered.last)
        let signature = try XCTUnwrap(delivery.signature)
        XCTAssertTrue(
            CallbackSignature.verify(
                signature, body: delivery.body, secret: "cb-secret", now: Int(Date().timeIntervalSince1970)),
            signature)
        let posted = try XCTUnwrap(try JSONSerialization.jsonObject(with: delivery.body) as? [String: Any])
        XCTAssertEqual(posted["id"] as? String, secondID)
        XCTAssertEqual(posted["status"] as? String, "succeeded")
        XCTAssertEqual(((posted["request"] as? [String: Any])?["metadata"] as? [String: Any])?["ref"] as? String, "x1")

        let metrics = String(
            decoding: try (await WebClient.send("GET", url: server.baseURL + "/metrics")).get().body, as: UTF8.self)
        XCTAssertTrue(metrics.contains(#"reel_jobs{status="succeeded"} 2"#), metrics)
        XCTAssertTrue(metrics.contains("reel_job_duration_seconds"), metrics)
        XCTAssertTrue(metrics.contains("reel_bytes_written_total"), metrics)
        XCTAssertTrue(metrics.contains("reel_encode_speed"), metrics)
        server.kill()
    }

    func testAJobKilledWithItsServerRunsAgainOnRestartAndSucceeds() async throws {
        let directory = try scratch()
        let source = try clip(directory, seconds: 20, width: 640, height: 360)
        let output = directory.appendingPathComponent("packages")
        let arguments = [
            "serve", "--database", "sqlite:\(directory.path)/reel.db", "--output", output.path,
            "--allow-source", directory.path + "/",
        ]
        var server = try ServeProcess(arguments, log: directory.appendingPathComponent("serve-1.log"))
        let created = try await server.request(
            "POST", "/v1/jobs", json: #"{"source":"\#(source.path)","ladder":"web"}"#)
        let id = try XCTUnwrap(created.json["id"] as? String, created.text)
        _ = try await server.waitForJob(id) { ($0["progress"] as? Double ?? 0) > 0.05 }
        server.kill(SIGKILL)

        server = try ServeProcess(arguments, log: directory.appendingPathComponent("serve-2.log"))
        let job = try await server.waitForJob(id, timeout: 240) { ($0["status"] as? String) == "succeeded" }
        XCTAssertEqual(job["attempts"] as? Int, 2, "\(job)")
        let events = try await server.request("GET", "/v1/jobs/\(id)/events").text
        XCTAssertEqual(events.components(separatedBy: "event: attempt\n").count - 1, 2, events)
        XCTAssertEqual(events.components(separatedBy: "event: succeeded\n").count - 1, 1, events)
        let streams = try MediaInspector.decodeAll(output.appendingPathComponent("\(id)/master.m3u8").path)
        XCTAssertTrue(streams.contains { $0.kind == .video && $0.frames >= 590 }, "\(streams)")
        server.kill()
    }

    func testDeletingARunningJobStopsItAndPublishesNothing() async throws {
        let directory = try scratch()
        let source = try clip(directory, seconds: 30, width: 640, height: 360)
        let output = directory.appendingPathComponent("packages")
        let server = try ServeProcess(
            [
                "serve", "--database", "sqlite:\(directory.path)/reel.db", "--output", output.path,
                "--allow-source", directory.path + "/",
            ], log: directory.appendingPathComponent("serve.log"))
        let created = try await server.request("POST", "/v1/jobs", json: #"{"source":"\#(source.path)"}"#)
        let id = try XCTUnwrap(created.json["id"] as? String, created.text)
        _ = try await server.waitForJob(id) { ($0["progress"] as? Double ?? 0) > 0.02 }
        let asked = Date()
        let reply = try await server.request("DELETE", "/v1/jobs/\(id)")
        XCTAssertEqual(reply.status, 202)
        let job = try await server.waitForJob(id, timeout: 10) { ($0["status"] as? String) == "cancelled" }
        XCTAssertLessThan(Date().timeIntervalSince(asked), 2.5, "\(job)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent("\(id)/master.m3u8").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent("\(id)/manifest.mpd").path))
        let events = try await server.request("GET", "/v1/jobs/\(id)/events").text
        XCTAssertTrue(events.contains("event: cancelled\n"), events)
        server.kill()
    }

    func testTransientFailuresAreRetriedAndOthersFailAtOnce() async throws {
        let directory = try scratch()
        let text = directory.appendingPathComponent("notes.mp4")
        try Data("these are not media bytes\n".utf8).write(to: text)
        // The discard port, with nothing listening: every read of the source fails to connect (transient).
        let port = 9
        let server = try ServeProcess(
            [
                "serve", "--database", "sqlite:\(directory.path)/reel.db", "--output",
                directory.appendingPathComponent("out").path,
                "--allow-source", directory.path + "/", "--allow-source", "http://",
            ],
            environment: ["REEL_MAX_ATTEMPTS": "3", "REEL_RETRY_DELAY": "0.2", "REEL_ALLOW_PRIVATE_NETWORKS": "true"],
            log: directory.appendingPathComponent("serve.log"))
        defer { server.kill() }

        let bad = try await server.request("POST", "/v1/jobs", json: #"{"source":"\#(text.path)"}"#)
        let badID = try XCTUnwrap(bad.json["id"] as? String, bad.text)
        let failed = try await server.waitForJob(badID) { ($0["status"] as? String) == "failed" }
        XCTAssertEqual(failed["attempts"] as? Int, 1, "\(failed)")
        let error = try XCTUnwrap(failed["error"] as? [String: Any])
        XCTAssertNotEqual(error["kind"] as? String, "transient")
        XCTAssertTrue((error["message"] as? String ?? "").contains("notes.mp4"), "\(error)")

        let offline = try await server.request(
            "POST", "/v1/jobs", json: #"{"source":"http://127.0.0.1:\#(port)/talk.mp4"}"#)
        let offlineID = try XCTUnwrap(offline.json["id"] as? String, offline.text)
        let gaveUp = try await server.waitForJob(offlineID, timeout: 120) { ($0["status"] as? String) == "failed" }
        XCTAssertEqual(gaveUp["attempts"] as? Int, 3, "\(gaveUp)")
        XCTAssertEqual((gaveUp["error"] as? [String: Any])?["kind"] as? String, "transient")
        let events = try await server.request("GET", "/v1/jobs/\(offlineID)/events").text
        XCTAssertEqual(events.components(separatedBy: "event: retrying\n").count - 1, 2, events)
    }
}
