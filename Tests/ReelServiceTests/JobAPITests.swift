import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReelJobs
import ReelService
import XCTest

/// A request body.
private func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

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
}
