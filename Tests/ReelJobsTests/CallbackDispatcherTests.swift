import Foundation
import ReelCore
import XCTest

@testable import ReelJobs

/// The outbox's delivery loop: failed attempts are rescheduled with backoff, and given up (and
/// recorded) once the attempts run out or the URL is refused for good. Loopback only.
final class CallbackDispatcherTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reel-dispatch-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A finished job whose callback goes to `url`.
    private func finishedJob(_ store: any JobStore, callbackURL url: String) async throws -> JobID {
        var job = JobFixtures.newJob(1)
        job.spec.callbackURL = url
        let id = try await store.enqueue(job).job.id
        _ = try await store.claim(worker: "w", lease: 30)
        _ = try await store.finish(id, worker: "w", attempt: 1, outcome: .succeeded(JobFixtures.result()))
        return id
    }

    func testFailedAttemptsAreRetriedWithBackoffThenGivenUp() async throws {
        let store = try await SQLiteJobStore.open(
            path: directory.appendingPathComponent("jobs.db").path, takeOwnership: false)
        // Nothing listens on the discard port: every attempt is refused.
        let id = try await finishedJob(store, callbackURL: "http://127.0.0.1:9/callback")
        let dispatcher = CallbackDispatcher(
            store: store, sender: CallbackSender(secret: "s3cret", maxAttempts: 2, baseDelay: 0.2, timeout: 2),
            policy: SourcePolicy(allowPrivateNetworks: true), signals: JobSignals(), name: "test")
        let first = await dispatcher.deliverDue()
        XCTAssertEqual(first, 1)
        let pending = try unwrapped(try await store.callback(of: id))
        XCTAssertEqual(pending.state, .pending)
        XCTAssertEqual(pending.attempts, 1)
        let error = try unwrapped(pending.lastError)
        XCTAssertFalse(error.contains("s3cret"), error)
        let early = await dispatcher.deliverDue()
        XCTAssertEqual(early, 0, "the next attempt waits for its backoff")
        try await Task.sleep(for: .milliseconds(300))
        let second = await dispatcher.deliverDue()
        XCTAssertEqual(second, 1)
        let abandoned = try unwrapped(try await store.callback(of: id))
        XCTAssertEqual(abandoned.state, .abandoned, "given up after maxAttempts")
        XCTAssertEqual(abandoned.attempts, 2)
        let none = await dispatcher.deliverDue()
        XCTAssertEqual(none, 0)
        await store.close()
    }

    func testARefusedURLIsGivenUpAtOnce() async throws {
        let store = try await SQLiteJobStore.open(
            path: directory.appendingPathComponent("jobs.db").path, takeOwnership: false)
        let id = try await finishedJob(store, callbackURL: "http://127.0.0.1:9/callback")
        // Private networks are refused now: no request is made and no retry will change that.
        let dispatcher = CallbackDispatcher(
            store: store, sender: CallbackSender(secret: nil), policy: SourcePolicy(), signals: JobSignals(),
            name: "test")
        await dispatcher.deliverDue()
        let delivery = try unwrapped(try await store.callback(of: id))
        XCTAssertEqual(delivery.state, .abandoned)
        XCTAssertEqual(delivery.attempts, 1)
        XCTAssertTrue(delivery.lastError?.contains("non-public") ?? false, "\(String(describing: delivery.lastError))")
        await store.close()
    }

    func testBackoffDoublesUpToTheCap() {
        let sender = CallbackSender(secret: nil, maxAttempts: 5, baseDelay: 2, maxDelay: 10, maxAge: 60)
        for (attempts, full) in [(1, 2.0), (2, 4.0), (3, 8.0), (4, 10.0), (30, 10.0)] {
            let delay = sender.delay(after: attempts)
            XCTAssertTrue((full / 2...full).contains(delay), "\(attempts): \(delay)")
        }
        XCTAssertTrue(sender.retries(after: 4, age: 59))
        XCTAssertFalse(sender.retries(after: 5, age: 1), "attempts are bounded")
        XCTAssertFalse(sender.retries(after: 1, age: 60), "age is bounded")
    }
}
