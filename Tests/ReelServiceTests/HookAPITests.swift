import Foundation
import Hummingbird
import HummingbirdTesting
import ReelJobs
import ReelService
import XCTest

final class HookAPITests: XCTestCase {
    private static let tusdFinish = """
        {"Type":"post-finish","Event":{"Upload":{"ID":"up1","Size":99,"MetaData":{"ladder":"web","filename":"a.mp4"},
        "Storage":{"Type":"s3store","Bucket":"uploads","Key":"up1"}}}}
        """

    func testHooksNeedTheSecret() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            let body = ByteBuffer(string: Self.tusdFinish)
            try await client.execute(uri: "/v1/hooks/tusd", method: .post, body: body) {
                XCTAssertEqual($0.status, .unauthorized)
            }
            try await client.execute(uri: "/v1/hooks/tusd?token=wrong", method: .post, body: body) {
                XCTAssertEqual($0.status, .unauthorized)
            }
            // The API token is not the hook secret.
            try await client.execute(uri: "/v1/hooks/s3", method: .post, headers: ServiceHarness.auth, body: body) {
                XCTAssertEqual($0.status, .unauthorized)
            }
            try await client.execute(
                uri: "/v1/hooks/tusd", method: .post, headers: [.authorization: "Bearer \(ServiceHarness.hookSecret)"],
                body: body
            ) { XCTAssertEqual($0.status, .ok) }
        }
    }

    func testARepeatedHookReturnsTheSameJob() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            let uri = "/v1/hooks/tusd?token=\(ServiceHarness.hookSecret)"
            let first = try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: Self.tusdFinish)) {
                response in
                XCTAssertEqual(response.status, .ok)
                let location = try XCTUnwrap(response.headers[.location])
                XCTAssertTrue(location.hasPrefix("/v1/jobs/"))
                return location
            }
            let second = try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: Self.tusdFinish)) {
                try XCTUnwrap($0.headers[.location])
            }
            XCTAssertEqual(first, second)
            try await client.execute(uri: first, method: .get, headers: ServiceHarness.auth) { response in
                let json = response.json
                XCTAssertEqual((json["request"] as? [String: Any])?["source"] as? String, "s3://uploads/up1")
                XCTAssertEqual((json["request"] as? [String: Any])?["ladder"] as? String, "web")
            }
            // The same object with another ladder is another job.
            let other = Self.tusdFinish.replacingOccurrences(of: #""ladder":"web""#, with: #""ladder":"apple-avc""#)
            let third = try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: other)) {
                try XCTUnwrap($0.headers[.location])
            }
            XCTAssertNotEqual(first, third)
            // Other hook types get an empty answer.
            try await client.execute(
                uri: uri, method: .post, body: ByteBuffer(string: #"{"Type":"post-receive","Event":{"Upload":{}}}"#)
            ) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(String(buffer: response.body), "{}")
            }
            // pre-create with an unknown ladder is refused in tusd's own terms.
            try await client.execute(
                uri: uri, method: .post,
                body: ByteBuffer(string: #"{"Type":"pre-create","Event":{"Upload":{"MetaData":{"ladder":"nope"}}}}"#)
            ) { response in
                XCTAssertEqual(response.json["RejectUpload"] as? Bool, true)
            }
        }
    }

    func testMalformedHooksAre400WithAReason() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            let cases = [
                ("tusd", "{nope"), ("tusd", #"{"Type":"post-finish","Event":{"Upload":{"ID":"x"}}}"#),
                ("s3", #"{"Records":"x"}"#), ("s3", "[1]"),
            ]
            for (hook, body) in cases {
                try await client.execute(
                    uri: "/v1/hooks/\(hook)?token=\(ServiceHarness.hookSecret)", method: .post,
                    body: ByteBuffer(string: body)
                ) { response in
                    XCTAssertEqual(response.status, .badRequest, body)
                    XCTAssertFalse(((response.json["error"] as? [String: Any])?["message"] as? String ?? "").isEmpty)
                }
            }
        }
    }

    func testS3AndMinIONotificationsMakeJobs() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            let event = """
                {"EventName":"s3:ObjectCreated:Put","Key":"uploads/in/a+b.mp4","Records":[{"eventName":"s3:ObjectCreated:Put",
                "s3":{"bucket":{"name":"uploads"},"object":{"key":"in/a+b.mp4","size":10,"eTag":"etag1"}}}]}
                """
            try await client.execute(uri: "/v1/hooks/s3", method: .head) { XCTAssertEqual($0.status, .ok) }
            let location = try await client.execute(
                uri: "/v1/hooks/s3?token=\(ServiceHarness.hookSecret)&ladder=apple-avc", method: .post,
                body: ByteBuffer(string: event)
            ) { response in
                XCTAssertEqual(response.status, .ok)
                let jobs = try XCTUnwrap(response.json["jobs"] as? [[String: Any]])
                XCTAssertEqual(jobs.count, 1)
                XCTAssertEqual((jobs[0]["request"] as? [String: Any])?["source"] as? String, "s3://uploads/in/a b.mp4")
                XCTAssertEqual((jobs[0]["request"] as? [String: Any])?["ladder"] as? String, "apple-avc")
                return try XCTUnwrap(response.headers[.location])
            }
            // A new version of the object (another ETag) is a new job; the same one is not.
            try await client.execute(
                uri: "/v1/hooks/minio?token=\(ServiceHarness.hookSecret)&ladder=apple-avc", method: .post,
                body: ByteBuffer(string: event)
            ) { XCTAssertEqual($0.headers[.location], location) }
            try await client.execute(
                uri: "/v1/hooks/s3?token=\(ServiceHarness.hookSecret)&ladder=apple-avc", method: .post,
                body: ByteBuffer(string: event.replacingOccurrences(of: "etag1", with: "etag2"))
            ) { XCTAssertNotEqual($0.headers[.location], location) }
        }
    }

    func testSubscriptionConfirmationsAreFetchedOnlyFromSNS() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            for url in [
                "https://sns.attacker.example/confirm", "http://sns.us-east-1.amazonaws.com/x",
                "http://169.254.169.254/",
            ] {
                let body =
                    #"{"Type":"SubscriptionConfirmation","TopicArn":"arn:t","Token":"x","SubscribeURL":"\#(url)"}"#
                try await client.execute(
                    uri: "/v1/hooks/s3?token=\(ServiceHarness.hookSecret)", method: .post,
                    body: ByteBuffer(string: body)
                ) { response in
                    XCTAssertEqual(response.status, .forbidden, url)
                }
            }
        }
    }
}
