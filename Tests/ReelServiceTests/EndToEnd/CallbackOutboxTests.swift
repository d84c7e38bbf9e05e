import Foundation
import ReelTestSupport
import XCTest

@testable import ReelJobs
@testable import ReelMedia

/// Callbacks survive the process: a callback pending when `reel serve` is killed is delivered,
/// signed, by the next process once its receiver is up.
final class CallbackOutboxTests: XCTestCase {
    private func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reel-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory.resolvingSymlinksInPath()
    }

    /// Polls the outbox (through a second handle on the store) until `done` holds.
    private func waitForCallback(
        _ id: JobID, in store: any JobStore, timeout: Double = 60, until done: (CallbackDelivery) -> Bool
    ) async throws -> CallbackDelivery? {
        let deadline = Date().addingTimeInterval(timeout)
        var last: CallbackDelivery?
        while Date() < deadline {
            last = try await store.callback(of: id)
            if let last, done(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        return last
    }

    func testCallbackPendingWhenServeIsKilledIsDeliveredAfterRestart() async throws {
        let directory = try scratch()
        let media = directory.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        var clip = SampleClip()
        clip.width = 320
        clip.height = 180
        clip.duration = 2
        let source = media.appendingPathComponent("talk.mp4")
        try clip.write(to: source.path)
        // The receiver is down when the job ends: nothing listens on its port yet.
        let port = try CallbackReceiver.unusedPort()
        let callbackURL = "http://127.0.0.1:\(port)/callback"
        let arguments = [
            "serve", "--database", "sqlite:\(directory.path)/reel.db", "--output",
            directory.appendingPathComponent("packages").path, "--allow-source", media.path + "/",
            // The callback receiver listens on 127.0.0.1.
            "--allow-private-networks",
        ]
        let environment = ["REEL_CALLBACK_SECRET": "cb-secret"]
        let first = try ServeProcess(
            arguments, environment: environment, log: directory.appendingPathComponent("serve-1.log"))
        let posted = try await first.request(
            "POST", "/v1/jobs",
            json: #"{"source":"\#(source.path)","ladder":"web","callback_url":"\#(callbackURL)"}"#)
        XCTAssertEqual(posted.status, 202, posted.text)
        let id = try XCTUnwrap(posted.json["id"] as? String)
        let finished = try await first.waitForJob(id) { ($0["status"] as? String) == "succeeded" }
        XCTAssertEqual(finished["status"] as? String, "succeeded", "\(finished)")

        // The first attempt fails (connection refused) and the delivery waits in the outbox.
        let store = try await SQLiteJobStore.open(path: directory.path + "/reel.db", takeOwnership: false)
        let failed = try await waitForCallback(JobID(id), in: store) { $0.attempts >= 1 && $0.lastError != nil }
        XCTAssertEqual(failed?.state, .pending, "\(String(describing: failed)); log: \(first.log.suffix(3000))")
        XCTAssertEqual(failed?.url, callbackURL)
        first.kill(SIGKILL)

        let receiver = CallbackReceiver()
        try await receiver.start(port: port)
        defer { receiver.stop() }
        let second = try ServeProcess(
            arguments, environment: environment, log: directory.appendingPathComponent("serve-2.log"))
        defer { second.kill() }
        let deliveries = try await receiver.deliveries(atLeast: 1, timeout: 60)
        let delivery = try XCTUnwrap(deliveries.first, "no callback after the restart; log: \(second.log.suffix(3000))")
        let signature = try XCTUnwrap(delivery.signature)
        XCTAssertTrue(
            CallbackSignature.verify(
                signature, body: delivery.body, secret: "cb-secret", now: Int(Date().timeIntervalSince1970)),
            signature)
        let job = try XCTUnwrap(try JSONSerialization.jsonObject(with: delivery.body) as? [String: Any])
        XCTAssertEqual(job["id"] as? String, id)
        XCTAssertEqual(job["status"] as? String, "succeeded")
        let delivered = try await waitForCallback(JobID(id), in: store) { $0.state == .delivered }
        XCTAssertEqual(delivered?.state, .delivered)
        XCTAssertGreaterThanOrEqual(delivered?.attempts ?? 0, 2)
        // The signing secret is never stored.
        for file in ["reel.db", "reel.db-wal"] {
            let bytes = (try? Data(contentsOf: directory.appendingPathComponent(file))) ?? Data()
            XCTAssertNil(bytes.range(of: Data("cb-secret".utf8)), file)
        }
        await store.close()
    }
}
