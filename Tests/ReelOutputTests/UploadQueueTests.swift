import Foundation
import XCTest

@testable import ReelOutput

final class UploadQueueTests: XCTestCase {
    /// A thread-safe list of events.
    private final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Int] = []
        func append(_ item: Int) { lock.withLock { items.append(item) } }
        var all: [Int] { lock.withLock { items } }
    }

    func testSubmitBlocksWhileTheQueueIsFull() {
        let queue = UploadQueue(threads: 1, capacity: 2, name: "test-upload")
        defer { queue.shutdown() }
        let gate = DispatchSemaphore(value: 0)
        let ran = Recorder()
        let returned = Recorder()
        XCTAssertTrue(
            queue.submit {
                gate.wait(); ran.append(1)
            })
        Thread.sleep(forTimeInterval: 0.1)  // job 1 is running and blocked
        XCTAssertTrue(queue.submit { ran.append(2) })
        XCTAssertTrue(queue.submit { ran.append(3) })
        let submitted = expectation(description: "job 4 accepted")
        DispatchQueue.global().async {
            _ = queue.submit { ran.append(4) }
            returned.append(4)
            submitted.fulfill()
        }
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(returned.all, [], "submit waits while two jobs are queued")
        gate.signal()
        wait(for: [submitted], timeout: 5)
        queue.waitUntilIdle()
        XCTAssertEqual(ran.all, [1, 2, 3, 4])
    }

    func testShutdownRefusesNewJobsAndReleasesBlockedSubmitters() {
        let queue = UploadQueue(threads: 1, capacity: 1, name: "test-upload")
        let gate = DispatchSemaphore(value: 0)
        XCTAssertTrue(queue.submit { gate.wait() })
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertTrue(queue.submit {})
        let released = expectation(description: "blocked submit returns false")
        DispatchQueue.global().async {
            XCTAssertFalse(queue.submit {})
            released.fulfill()
        }
        Thread.sleep(forTimeInterval: 0.2)
        queue.shutdown()
        wait(for: [released], timeout: 5)
        gate.signal()
        XCTAssertFalse(queue.submit {})
    }
}
