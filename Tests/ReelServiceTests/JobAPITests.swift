import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReelCore
import XCTest

@testable import ReelJobs
@testable import ReelService

/// A request body.
private func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

/// The answer to a posted job: status, JSON body and its text.
private struct Posted {
    let status: HTTPResponse.Status
    let text: String
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    var errorKind: String? { (json["error"] as? [String: Any])?["kind"] as? String }
    var errorMessage: String { (json["error"] as? [String: Any])?["message"] as? String ?? "" }
}

/// Posts a job.
private func post(
    _ client: some TestClientProtocol, _ json: String, headers: HTTPFields = ServiceHarness.auth
) async throws -> Posted {
    try await client.execute(uri: "/v1/jobs", method: .post, headers: headers, body: body(json)) {
        Posted(status: $0.status, text: String(buffer: $0.body))
    }
}

final class JobAPITests: XCTestCase {

    func testTheAPIRequiresABearerToken() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            let job = body(#"{"source":"s3://uploads/a.mp4"}"#)
            try await client.execute(uri: "/v1/jobs", method: .post, body: job) { response in
                XCTAssertEqual(response.status, .unauthorized)
                XCTAssertEqual(response.headers[.wwwAuthenticate], "Bearer realm=\"reel\"")
                XCTAssertEqual((response.json["error"] as? [String: Any])?["kind"] as? String, "unauthorized")
            }
            try await client.execute(
                uri: "/v1/jobs", method: .post, headers: [.authorization: "Bearer wrong"], body: job
            ) { XCTAssertEqual($0.status, .unauthorized) }
            try await client.execute(uri: "/v1/jobs", method: .get) { XCTAssertEqual($0.status, .unauthorized) }
            try await client.execute(uri: "/v1/ladders", method: .get) { XCTAssertEqual($0.status, .unauthorized) }
            try await client.execute(uri: "/healthz", method: .get) { XCTAssertEqual($0.status, .ok) }
        }
    }

    func testPostedJobIsStoredQueuedAndListed() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            let job = body(
                #"{"source":"s3://uploads/a.mp4","ladder":"web","formats":["hls"],"callback_url":"https://app.example.com/done","metadata":{"user":7}}"#
            )
            let id = try await client.execute(uri: "/v1/jobs", method: .post, headers: ServiceHarness.auth, body: job) {
                response in
                XCTAssertEqual(response.status, .accepted)
                let id = try XCTUnwrap(response.json["id"] as? String)
                XCTAssertEqual(response.headers[.location], "/v1/jobs/\(id)")
                return id
            }
            try await client.execute(uri: "/v1/jobs/\(id)", method: .get, headers: ServiceHarness.auth) { response in
                XCTAssertEqual(response.status, .ok)
                let json = response.json
                XCTAssertEqual(json["status"] as? String, "queued")
                XCTAssertEqual(json["progress"] as? Double, 0)
                XCTAssertEqual(json["attempts"] as? Int, 0)
                XCTAssertNotNil(json["created_at"] as? String)
                let request = try XCTUnwrap(json["request"] as? [String: Any])
                XCTAssertEqual(request["source"] as? String, "s3://uploads/a.mp4")
                XCTAssertEqual(request["formats"] as? [String], ["hls"])
                XCTAssertEqual((request["metadata"] as? [String: Any])?["user"] as? Int, 7)
            }
            try await client.execute(uri: "/v1/jobs?status=queued", method: .get, headers: ServiceHarness.auth) {
                response in
                let jobs = try XCTUnwrap(response.json["jobs"] as? [[String: Any]])
                XCTAssertEqual(jobs.compactMap { $0["id"] as? String }, [id])
            }
            try await client.execute(uri: "/v1/jobs/nope", method: .get, headers: ServiceHarness.auth) {
                XCTAssertEqual($0.status, .notFound)
            }
        }
    }

    func testBadJobsAreRefusedWithTheField() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("{", .badRequest, "not valid JSON"),
                (#"{"ladder":"web"}"#, .badRequest, "source"),
                (#"{"source":"s3://b/a.mp4","ladder":"nope"}"#, .badRequest, "ladder"),
                (#"{"source":"s3://b/a.mp4","formats":["smooth"]}"#, .badRequest, "\"formats[0]\" must be hls or dash"),
                (#"{"source":"s3://b/a.mp4","ladr":"web"}"#, .badRequest, "unknown field \"ladr\""),
                ("[1]", .badRequest, "must be a JSON object"),
                (#"{"source":7}"#, .badRequest, "\"source\" must be a string"),
                (#"{"source":"s3://b/a.mp4","output":"../escape"}"#, .badRequest, "output"),
                (#"{"source":"s3://b/a.mp4","callback_url":"ftp://x"}"#, .badRequest, "callback_url"),
                (#"{"source":"/etc/passwd"}"#, .forbidden, "not allowed"),
                (#"{"source":"http://169.254.169.254/latest/meta-data"}"#, .forbidden, "non-public"),
            ]
            for (json, status, mention) in cases {
                try await client.execute(uri: "/v1/jobs", method: .post, headers: ServiceHarness.auth, body: body(json))
                {
                    response in
                    XCTAssertEqual(response.status, status, json)
                    let message = (response.json["error"] as? [String: Any])?["message"] as? String ?? ""
                    XCTAssertTrue(message.contains(mention), "\(json): \(message)")
                }
            }
            let huge = body(#"{"source":"s3://b/a.mp4","metadata":""# + String(repeating: "x", count: 2 << 20) + "\"}")
            try await client.execute(uri: "/v1/jobs", method: .post, headers: ServiceHarness.auth, body: huge) {
                XCTAssertEqual($0.status, .contentTooLarge)
            }
        }
    }

    func testCancellingAQueuedJobEndsItsEventStream() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            let id = try await client.execute(
                uri: "/v1/jobs", method: .post, headers: ServiceHarness.auth, body: body(#"{"source":"s3://b/a.mp4"}"#)
            ) { try XCTUnwrap($0.json["id"] as? String) }
            try await client.execute(uri: "/v1/jobs/\(id)", method: .delete, headers: ServiceHarness.auth) { response in
                XCTAssertEqual(response.status, .accepted)
                XCTAssertEqual(response.json["status"] as? String, "cancelled")
            }
            try await client.execute(uri: "/v1/jobs/\(id)/events", method: .get, headers: ServiceHarness.auth) {
                response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "text/event-stream")
                let text = String(buffer: response.body)
                XCTAssertTrue(text.contains("event: queued\n"), text)
                XCTAssertTrue(
                    text.hasSuffix(
                        "event: cancelled\ndata: "
                            + (text.components(separatedBy: "event: cancelled\ndata: ").last ?? "")), text)
                XCTAssertTrue(text.contains("\"status\":\"cancelled\""), text)
            }
            // An EventSource reconnecting after the final event gets an empty stream that ends at once,
            // and may give its token in the query.
            try await client.execute(
                uri: "/v1/jobs/\(id)/events?access_token=\(ServiceHarness.apiToken)", method: .get,
                headers: [HTTPField.Name("Last-Event-ID")!: "999999"]
            ) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertFalse(String(buffer: response.body).contains("event:"))
            }
            try await client.execute(uri: "/v1/jobs/\(id)?access_token=\(ServiceHarness.apiToken)", method: .delete) {
                XCTAssertEqual($0.status, .unauthorized)
            }
        }
    }

    func testLaddersHealthAndMetrics() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            try await client.execute(uri: "/v1/ladders", method: .get, headers: ServiceHarness.auth) { response in
                let ladders = try XCTUnwrap(response.json["ladders"] as? [[String: Any]])
                XCTAssertTrue(ladders.contains { $0["name"] as? String == "web" })
                XCTAssertTrue(ladders.contains { $0["name"] as? String == "apple-avc" })
            }
            _ = try await client.execute(
                uri: "/v1/jobs", method: .post, headers: ServiceHarness.auth, body: body(#"{"source":"s3://b/a.mp4"}"#))
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                XCTAssertTrue(text.contains(#"reel_jobs{status="queued"} 1"#), text)
                XCTAssertTrue(text.contains(#"reel_jobs{status="running"} 0"#), text)
            }
        }
    }

    // MARK: - Outputs, idempotency, numbers, paging, an unavailable store

    func testOverlappingOutputsAreRefused() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            let first = try await post(client, #"{"source":"s3://b/a.mp4","output":"shows/a"}"#)
            XCTAssertEqual(first.status, .accepted)
            let id = try XCTUnwrap(first.json["id"] as? String)
            for output in ["shows/a", "shows/a/", "shows/a/v720p", "shows"] {
                let refused = try await post(client, #"{"source":"s3://b/b.mp4","output":"\#(output)"}"#)
                XCTAssertEqual(refused.status, .conflict, output)
                XCTAssertEqual(refused.errorKind, "output_taken", output)
                XCTAssertTrue(refused.errorMessage.contains(id), refused.errorMessage)
            }
            // A job's default output (its id) is its own too.
            let unnamed = try await post(client, #"{"source":"s3://b/c.mp4"}"#)
            let unnamedID = try XCTUnwrap(unnamed.json["id"] as? String)
            let refused = try await post(client, #"{"source":"s3://b/b.mp4","output":"\#(unnamedID)/x"}"#)
            XCTAssertEqual(refused.status, .conflict)
            try await client.execute(uri: "/v1/jobs/\(id)", method: .delete, headers: ServiceHarness.auth) {
                XCTAssertEqual($0.status, .accepted)
            }
            let again = try await post(client, #"{"source":"s3://b/b.mp4","output":"shows/a"}"#)
            XCTAssertEqual(again.status, .accepted, "a cancelled job releases its output")
        }
    }

    func testIdempotencyKeyFollowsTheDraft() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            func keyed(_ key: String) -> HTTPFields {
                var headers = ServiceHarness.auth
                headers[.init("Idempotency-Key")!] = key
                return headers
            }
            let job = #"{"source":"s3://b/a.mp4","metadata":{"n":1}}"#
            let first = try await post(client, job, headers: keyed("order-17"))
            XCTAssertEqual(first.status, .accepted)
            let repeated = try await post(
                client, #"{ "metadata": {"n": 1}, "source": "s3://b/a.mp4" }"#, headers: keyed("order-17"))
            XCTAssertEqual(repeated.status, .ok)
            XCTAssertEqual(repeated.json["id"] as? String, first.json["id"] as? String)
            let different = try await post(
                client, #"{"source":"s3://b/a.mp4","metadata":{"n":2}}"#, headers: keyed("order-17"))
            XCTAssertEqual(different.status, .unprocessableContent)
            XCTAssertEqual(different.errorKind, "idempotency_mismatch")
            for bad in ["", "   ", String(repeating: "k", count: 256)] {
                let refused = try await post(client, job, headers: keyed(bad))
                XCTAssertEqual(refused.status, .badRequest, "key of \(bad.count) characters")
                XCTAssertTrue(refused.errorMessage.contains("Idempotency-Key"), refused.errorMessage)
            }
            let longest = try await post(client, job, headers: keyed(String(repeating: "k", count: 255)))
            XCTAssertEqual(longest.status, .accepted)
            let counts = try await harness.store.countsByStatus()
            XCTAssertEqual(counts[.queued], 2, "refused requests create nothing")
        }
    }

    func testMetadataNumbersComeBackAsWritten() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            let created = try await post(
                client, #"{"source":"s3://b/a.mp4","metadata":{"big":123456789012345678901234567890,"tenth":0.1}}"#)
            XCTAssertEqual(created.status, .accepted)
            let id = try XCTUnwrap(created.json["id"] as? String)
            try await client.execute(uri: "/v1/jobs/\(id)", method: .get, headers: ServiceHarness.auth) { response in
                let text = String(buffer: response.body)
                XCTAssertTrue(text.contains(#""metadata":{"big":123456789012345678901234567890,"tenth":0.1}"#), text)
            }
            let tooPrecise = try await post(
                client, #"{"source":"s3://b/a.mp4","metadata":{"n":1234567890123456789012345678901234567890123}}"#)
            XCTAssertEqual(tooPrecise.status, .badRequest)
            XCTAssertTrue(tooPrecise.errorMessage.contains("exactly"), tooPrecise.errorMessage)
        }
    }

    func testListIsPagedAndCapped() async throws {
        let harness = try await ServiceHarness()
        for number in 0..<103 {
            _ = try await harness.store.enqueue(NewJob(spec: PackageJob(source: "s3://b/\(number).mp4")))
        }
        try await harness.test { client in
            let all = try await client.execute(uri: "/v1/jobs?limit=500", method: .get, headers: ServiceHarness.auth) {
                ($0.json["jobs"] as? [[String: Any]])?.count
            }
            XCTAssertEqual(all, 100, "at most 100 a page")
            var seen: [String] = []
            var cursor: String?
            repeat {
                let uri = "/v1/jobs?limit=40" + (cursor.map { "&cursor=\($0)" } ?? "")
                let text = try await client.execute(uri: uri, method: .get, headers: ServiceHarness.auth) {
                    String(buffer: $0.body)
                }
                let page = Posted(status: .ok, text: text).json
                seen += (page["jobs"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = page["next_cursor"] as? String
            } while cursor != nil
            XCTAssertEqual(seen.count, 103)
            XCTAssertEqual(Set(seen).count, 103)
            try await client.execute(uri: "/v1/jobs?cursor=../x", method: .get, headers: ServiceHarness.auth) {
                XCTAssertEqual($0.status, .badRequest)
            }
        }
    }

    func testALockedStoreAnswers503QuicklyAndCreatesNothing() async throws {
        let harness = try await ServiceHarness()
        // Another connection holds the write lock of the job store.
        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        locker.arguments = [harness.directory.appendingPathComponent("reel.db").path]
        let input = Pipe()
        locker.standardInput = input
        locker.standardOutput = FileHandle.nullDevice
        try locker.run()
        input.fileHandleForWriting.write(
            Data("BEGIN IMMEDIATE;\nINSERT INTO reel_schema_migrations VALUES (1000, 'lock', 0);\n".utf8))
        try await Task.sleep(for: .milliseconds(300))
        try await harness.test { client in
            let started = Date()
            let refused = try await client.execute(
                uri: "/v1/jobs", method: .post, headers: ServiceHarness.auth, body: body(#"{"source":"s3://b/a.mp4"}"#)
            ) { response in
                XCTAssertEqual(response.status, .serviceUnavailable)
                XCTAssertNotNil(response.headers[.retryAfter])
                return response.status
            }
            XCTAssertEqual(refused, .serviceUnavailable)
            XCTAssertLessThan(Date().timeIntervalSince(started), 5)
            input.fileHandleForWriting.write(Data("ROLLBACK;\n.quit\n".utf8))
            locker.waitUntilExit()
            try await Task.sleep(for: .seconds(1))
            let jobs = try await harness.store.recentJobs(limit: 10, status: nil)
            XCTAssertEqual(jobs.count, 0, "the refused POST left no job behind")
            let accepted = try await post(client, #"{"source":"s3://b/a.mp4"}"#)
            XCTAssertEqual(accepted.status, .accepted, "the store answers again once the lock is gone")
        }
    }

    func testIdempotencyKeysOfTwoTenantsNeverMeet() async throws {
        let app1 = APIToken(id: "app1", token: "app1-token-0123456789", scopes: [.read, .write], tenant: "app1")
        let app2 = APIToken(id: "app2", token: "app2-token-0123456789", scopes: [.read, .write], tenant: "app2")
        let harness = try await ServiceHarness { $0.apiTokens += [app1, app2] }
        try await harness.test { client in
            func headers(_ token: APIToken) -> HTTPFields {
                [.authorization: "Bearer \(token.token)", HTTPField.Name("Idempotency-Key")!: "upload-1"]
            }
            let first = try await post(client, #"{"source":"s3://b/one.mp4"}"#, headers: headers(app1))
            let second = try await post(client, #"{"source":"s3://b/two.mp4"}"#, headers: headers(app2))
            XCTAssertEqual(first.status, .accepted)
            XCTAssertEqual(second.status, .accepted, "another tenant's key is not a mismatch")
            XCTAssertNotEqual(first.json["id"] as? String, second.json["id"] as? String)
            XCTAssertEqual(second.json["owner"] as? String, "app2")
            let again = try await post(client, #"{"source":"s3://b/one.mp4"}"#, headers: headers(app1))
            XCTAssertEqual(again.status, .ok)
            XCTAssertEqual(again.json["id"] as? String, first.json["id"] as? String)
        }
    }
}
