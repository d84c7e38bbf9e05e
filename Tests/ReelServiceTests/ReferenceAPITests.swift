import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import ReelJobs
@testable import ReelService

/// Text that must never appear in an answer: it is only in files a request tries to read.
private let secretText = "REEL_API_TOKEN=secret-\(UUID().uuidString)"

private struct Answer {
    let status: HTTPResponse.Status
    let text: String
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    var kind: String? { (json["error"] as? [String: Any])?["kind"] as? String }
    var message: String { (json["error"] as? [String: Any])?["message"] as? String ?? "" }
}

private func send(
    _ client: some TestClientProtocol, _ uri: String, _ body: String, headers: HTTPFields = ServiceHarness.auth
) async throws -> Answer {
    try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) {
        Answer(status: $0.status, text: String(buffer: $0.body))
    }
}

private func json(_ value: String) -> String {
    String(decoding: try! JSONEncoder().encode(value), as: UTF8.self)
}

private func assertClean(_ answer: Answer, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertFalse(answer.text.contains(secretText), "\(what): \(answer.text)", file: file, line: line)
    XCTAssertFalse(answer.text.contains("root:x:0"), "\(what): \(answer.text)", file: file, line: line)
    XCTAssertFalse(answer.text.contains("PATH="), "\(what): \(answer.text)", file: file, line: line)
    XCTAssertFalse(answer.text.contains(ServiceHarness.apiToken), "\(what): \(answer.text)", file: file, line: line)
    XCTAssertFalse(
        answer.text.contains(ServiceHarness.hookSecret), "\(what): \(answer.text)", file: file, line: line)
}

/// References in requests — ladders, sources, callbacks, SNS subscription URLs — through the real
/// router: nothing outside the allow-lists gets in, and no answer carries a file's contents.
final class ReferenceAPITests: XCTestCase {
    /// A directory outside the service's allowed directory, holding a "secret" media file.
    private func outsideDirectory() throws -> URL {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("reel-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data(secretText.utf8).write(to: outside.appendingPathComponent("secret.mp4"))
        try Data(secretText.utf8).write(to: outside.appendingPathComponent("secret.yaml"))
        addTeardownBlock { try? FileManager.default.removeItem(at: outside) }
        return outside
    }

    func testLaddersAreChosenByNameAndNoPathIsEverOpened() async throws {
        let outside = try outsideDirectory()
        let harness = try await ServiceHarness()
        let ladders = [
            "/proc/self/environ", "/etc/passwd", "../../../../etc/hostname",
            outside.appendingPathComponent("secret.yaml").path,
            "file:///etc/passwd", "web.yaml", "./web", "web/../web", "web\u{0}", "%2e%2e/etc/passwd",
        ]
        try await harness.test { client in
            for ladder in ladders {
                let job = try await send(
                    client, "/v1/jobs", #"{"source":"s3://uploads/a.mp4","ladder":\#(json(ladder))}"#)
                XCTAssertEqual(job.status, .badRequest, ladder)
                XCTAssertTrue(job.message.hasPrefix("ladder:"), job.message)
                XCTAssertTrue(job.message.contains("not a preset name"), job.message)
                assertClean(job, ladder)

                let tusd = """
                    {"Type":"post-finish","Event":{"Upload":{"ID":"up1","Size":9,"MetaData":{"ladder":\(json(ladder))},
                    "Storage":{"Type":"s3store","Bucket":"uploads","Key":"up1"}}}}
                    """
                let hook = try await send(client, "/v1/hooks/tusd?token=\(ServiceHarness.hookSecret)", tusd)
                XCTAssertEqual(hook.status, .badRequest, ladder)
                assertClean(hook, ladder)

                let preCreate =
                    #"{"Type":"pre-create","Event":{"Upload":{"MetaData":{"ladder":\#(json(ladder))}}}}"#
                let refused = try await send(
                    client, "/v1/hooks/tusd?token=\(ServiceHarness.hookSecret)", preCreate)
                XCTAssertEqual(refused.json["RejectUpload"] as? Bool, true, ladder)
                assertClean(refused, ladder)

                let event =
                    #"{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"uploads"},"object":{"key":"a.mp4","eTag":"e"}}}]}"#
                let query = ladder.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let s3 = try await send(
                    client, "/v1/hooks/s3?token=\(ServiceHarness.hookSecret)&ladder=\(query)", event)
                XCTAssertEqual(s3.status, .badRequest, ladder)
                assertClean(s3, ladder)
            }
        }
    }

    func testSourcesOutsideTheAllowListNeverGetInWhateverTheEncoding() async throws {
        let outside = try outsideDirectory()
        let harness = try await ServiceHarness()
        let allowed = harness.directory.path
        try Data("media".utf8).write(to: harness.directory.appendingPathComponent("s.mp4"))
        try FileManager.default.createSymbolicLink(
            atPath: harness.directory.appendingPathComponent("link.mp4").path,
            withDestinationPath: outside.appendingPathComponent("secret.mp4").path)
        try FileManager.default.createSymbolicLink(
            atPath: harness.directory.appendingPathComponent("linkdir").path, withDestinationPath: outside.path)
        let secret = outside.appendingPathComponent("secret.mp4").path
        let sources = [
            "\(secret)\u{0}/../../\(allowed)/s.mp4", "\(secret)%00/../../\(allowed)/s.mp4",
            "file://\(secret)%00/../..\(allowed)/s.mp4",
            "file://\(allowed)/%2e%2e/\(outside.lastPathComponent)/secret.mp4",
            "\(allowed)/../\(outside.lastPathComponent)/secret.mp4", "\(allowed)/link.mp4",
            "\(allowed)/linkdir/secret.mp4",
            "file://\(allowed)/link.mp4", "\(allowed)/s.mp4\n", "\(allowed)/s%0a.mp4", "\(allowed)/s%2500.mp4",
            secret, outside.appendingPathComponent("missing.mp4").path, "/etc/passwd", "/proc/self/environ",
            "s3://uploads/../private/a.mp4", "http://127.0.0.1/a.mp4", "http://[::1]/a.mp4",
            "http://user:pass@example.com/a.mp4",
        ]
        try await harness.test { client in
            var messages: [String: String] = [:]
            for source in sources {
                let job = try await send(client, "/v1/jobs", #"{"source":\#(json(source))}"#)
                XCTAssertTrue(
                    [.badRequest, .forbidden].contains(job.status), "\(source.debugDescription): \(job.text)")
                assertClean(job, source)
                XCTAssertFalse(SafeText.containsControl(job.message), job.message.debugDescription)
                if job.status == .forbidden {
                    XCTAssertTrue(
                        job.message.contains("allow_sources") || job.message.contains("allow_private_networks"),
                        job.message)
                }
                messages[source] = job.message.replacingOccurrences(of: source, with: "SOURCE")

                // The same through tusd's filestore.
                let tusd = """
                    {"Type":"post-finish","Event":{"Upload":{"ID":"up-\(UUID().uuidString)","Size":5,"MetaData":{},
                    "Storage":{"Type":"filestore","Path":\(json(source))}}}}
                    """
                let hook = try await send(client, "/v1/hooks/tusd?token=\(ServiceHarness.hookSecret)", tusd)
                XCTAssertTrue(
                    [.badRequest, .forbidden].contains(hook.status), "\(source.debugDescription): \(hook.text)")
                assertClean(hook, source)
            }
            // No oracle: a refused file reads the same whether it exists or not.
            XCTAssertEqual(messages[secret], messages[outside.appendingPathComponent("missing.mp4").path])

            // An allowed source is stored in the canonical form that was checked.
            let job = try await send(client, "/v1/jobs", #"{"source":\#(json("\(allowed)/./x/../s.mp4"))}"#)
            XCTAssertEqual(job.status, .accepted, job.text)
            let stored = (job.json["request"] as? [String: Any])?["source"] as? String
            XCTAssertEqual(stored, URL(fileURLWithPath: allowed).resolvingSymlinksInPath().path + "/s.mp4")
        }
    }

    func testCallbacksIntoPrivateNetworksAreRefusedUnlessAllowed() async throws {
        let strict = try await ServiceHarness()
        try await strict.test { client in
            for url in [
                "http://127.0.0.1:9/cb", "http://localhost/cb", "http://[::1]/cb", "http://169.254.169.254/latest",
                "http://10.1.2.3/cb", "http://0x7f000001/cb",
            ] {
                let job = try await send(
                    client, "/v1/jobs", #"{"source":"s3://uploads/a.mp4","callback_url":\#(json(url))}"#)
                XCTAssertEqual(job.status, .forbidden, "\(url): \(job.text)")
                XCTAssertEqual(job.kind, "callback_not_allowed")
                XCTAssertTrue(job.message.contains("allow_private_networks"), job.message)
            }
            for url in ["http://user:pw@93.184.216.34/cb", "ftp://93.184.216.34/", "http://93.184.216.34/a%00"] {
                let job = try await send(
                    client, "/v1/jobs", #"{"source":"s3://uploads/a.mp4","callback_url":\#(json(url))}"#)
                XCTAssertEqual(job.status, .badRequest, "\(url): \(job.text)")
                XCTAssertFalse(job.text.contains("pw@"), job.text)
            }
            let job = try await send(
                client, "/v1/jobs", #"{"source":"s3://uploads/a.mp4","callback_url":"HTTP://93.184.216.34/a/../cb"}"#)
            XCTAssertEqual(job.status, .accepted, job.text)
            XCTAssertEqual(
                (job.json["request"] as? [String: Any])?["callback_url"] as? String, "http://93.184.216.34/cb")
        }
        let open = try await ServiceHarness { $0.allowPrivateNetworks = true }
        try await open.test { client in
            let job = try await send(
                client, "/v1/jobs", #"{"source":"s3://uploads/a.mp4","callback_url":"http://127.0.0.1:9/cb"}"#)
            XCTAssertEqual(job.status, .accepted, job.text)
        }
    }

    func testSubscribeURLsAreNormalisedBeforeTheirPrefixCheck() async throws {
        let harness = try await ServiceHarness { $0.snsSubscribeURLs = ["http://127.0.0.1:1/sns/"] }
        try await harness.test { client in
            func confirm(_ url: String) async throws -> Answer {
                let body =
                    #"{"Type":"SubscriptionConfirmation","TopicArn":"arn:t","Token":"x","SubscribeURL":\#(json(url))}"#
                return try await send(client, "/v1/hooks/s3?token=\(ServiceHarness.hookSecret)", body)
            }
            for url in [
                "http://127.0.0.1:1/sns/../admin", "http://127.0.0.1:1/sns/%2e%2e/admin",
                "http://127.0.0.1:1/sns/.%2E/admin",
                "http://127.0.0.1:1/sns/%252e%252e/admin", "http://127.0.0.1:1//sns/../admin",
                "http://127.0.0.1:1/sns/..%2fadmin", "http://x@127.0.0.1:1/sns/c", "http://127.0.0.1:1@evil.org/sns/c",
                "http://127.0.0.1:2/sns/c", "http://127.0.0.1:1/snsx/c", "https://127.0.0.1:1/sns/c",
                "https://sns.us-east-1.amazonaws.com:8443/x", "https://sns.us-east-1.amazonaws.com@evil.org/x",
                "https://sns.us-east-1.amazonaws.com.evil.org/x", "http://127.0.0.1:1/sns/c\u{0}",
            ] {
                let answer = try await confirm(url)
                XCTAssertEqual(answer.status, .forbidden, "\(url): \(answer.text)")
                XCTAssertFalse(SafeText.containsControl(answer.message))
            }
            // Allowed in normal form: fetched (nothing listens on port 1, so the fetch fails: 502).
            for url in [
                "http://127.0.0.1:1/sns/confirm", "HTTP://127.0.0.1:1/sns/a/../confirm", "http://127.0.0.1:1/sns//c",
            ] {
                let answer = try await confirm(url)
                XCTAssertEqual(answer.status, .badGateway, "\(url): \(answer.text)")
            }
        }
    }
}
