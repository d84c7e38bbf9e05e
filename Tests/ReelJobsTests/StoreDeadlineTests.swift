import Foundation
import XCTest

@testable import ReelJobs

/// The deadline of store calls: the caller gives up in time, and work that outlives it commits nothing.
final class StoreDeadlineTests: XCTestCase {
    func testSlowWorkIsAbandonedAndMayNotCommit() async throws {
        let committed = LockedFlag()
        let started = Date()
        do {
            _ = try await StoreDeadline.run(seconds: 0.3, what: "test") { deadline in
                try? await Task.sleep(for: .seconds(1))
                try deadline.beginCommit()
                committed.set()
                return 1
            }
            XCTFail("the slow call answered")
        } catch {
            XCTAssertTrue(error.description.contains("no answer within 0.3 s"), error.description)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 0.9)
        try await Task.sleep(for: .seconds(1.2))
        XCTAssertFalse(committed.value, "the work found the deadline passed and did not commit")
    }

    func testACommitThatBeganInTimeIsWaitedFor() async throws {
        let value = try await StoreDeadline.run(seconds: 0.2, what: "test") { deadline in
            try deadline.beginCommit()
            try await Task.sleep(for: .seconds(0.5))
            return 7
        }
        XCTAssertEqual(value, 7)
    }

    func testErrorsOfTheWorkAreKept() async throws {
        do {
            _ = try await StoreDeadline.run(seconds: 5, what: "test") { _ -> Int in
                throw JobStoreError.outputTaken(output: "a", owner: JobID("b"))
            }
            XCTFail("no error")
        } catch {
            XCTAssertEqual(error, .outputTaken(output: "a", owner: JobID("b")))
        }
    }
}

/// A flag set from another task.
private final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    var value: Bool { lock.withLock { flag } }
    func set() { lock.withLock { flag = true } }
}
