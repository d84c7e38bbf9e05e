import Foundation
import ReelOutput
import XCTest

@testable import ReelCore

/// The writer thread of package-only runs: files in order, listeners after each file, bounded
/// memory, failures that stop the run.
final class FileWriteQueueTests: XCTestCase {
    /// An output that records what it is given, slowly, and fails where told.
    private final class RecordingOutput: MultiFileOutput, @unchecked Sendable {
        private let lock = NSLock()
        private var paths: [String] = []
        private var inFlight = 0
        private(set) var mostInFlight = 0
        let failing: String?
        let delay: @Sendable (String) -> TimeInterval

        init(failing: String? = nil, delay: @escaping @Sendable (String) -> TimeInterval = { _ in 0 }) {
            self.failing = failing
            self.delay = delay
        }

        convenience init(delay: TimeInterval) {
            self.init(delay: { _ in delay })
        }

        var written: [String] { lock.withLock { paths } }

        func write(_ data: Data, to relativePath: String, contentType: ContentType) throws {
            lock.withLock {
                inFlight += 1
                mostInFlight = max(mostInFlight, inFlight)
            }
            defer { lock.withLock { inFlight -= 1 } }
            let pause = delay(relativePath)
            if pause > 0 { Thread.sleep(forTimeInterval: pause) }
            if relativePath == failing { throw OutputError(path: relativePath, reason: .stillOpen) }
            lock.withLock { paths.append(relativePath) }
        }

        func makeWriter(for relativePath: String, contentType: ContentType) throws -> any OutputFileWriter {
            fatalError("not used")
        }

        func finish() throws {}
        func abort() {}
        var writtenFiles: [WrittenFile] { [] }
    }

    /// Events in the order they happened, from any thread.
    private final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    /// Several threads write at once, finishing out of order; listeners still hear of the files
    /// in the order they came, each after it was written.
    func testFilesAreHeardOfInOrderAfterTheyAreWritten() throws {
        // Odd files take longer, so the next file is often written first.
        let output = RecordingOutput(delay: { $0.hasSuffix("1.m4s") || $0.hasSuffix("3.m4s") ? 0.006 : 0.001 })
        let queue = FileWriteQueue(
            output: output, control: PipelineControl(), source: "test", byteLimit: 16, writers: 3)
        defer { queue.stop() }
        let log = Log()
        for number in 1...20 {
            let path = "v/seg_\(number).m4s"
            try queue.write(Data(repeating: 0, count: 4), to: path, contentType: .mp4Video) {
                log.add(output.written.contains(path) ? path : "\(path) heard of before it was written")
            }
            if number % 5 == 0 { try queue.then { log.add("after \(number)") } }
        }
        try queue.finish()
        let paths = (1...20).map { "v/seg_\($0).m4s" }
        XCTAssertEqual(Set(output.written), Set(paths))
        var expected: [String] = []
        for (index, path) in paths.enumerated() {
            expected.append(path)
            if (index + 1) % 5 == 0 { expected.append("after \(index + 1)") }
        }
        XCTAssertEqual(log.all, expected)
        XCTAssertLessThanOrEqual(output.mostInFlight, 3)
    }

    /// `write` waits while the queue holds its limit, but always takes one file.
    func testTheQueueHoldsAtMostItsLimit() throws {
        let output = RecordingOutput(delay: 0.02)
        let queue = FileWriteQueue(output: output, control: PipelineControl(), source: "test", byteLimit: 100)
        defer { queue.stop() }
        let started = Date()
        for number in 1...3 { try queue.write(Data(count: 1000), to: "big_\(number)", contentType: .mp4Video) }
        // The second file waited for the first, the third for the second.
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.035)
        try queue.finish()
        XCTAssertEqual(output.written, ["big_1", "big_2", "big_3"])
    }

    func testAFailureStopsTheRunAndIsThrown() throws {
        let output = RecordingOutput(failing: "b")
        let control = PipelineControl()
        let queue = FileWriteQueue(output: output, control: control, source: "test")
        defer { queue.stop() }
        try queue.write(Data(count: 1), to: "a", contentType: .mp4Video)
        try queue.write(Data(count: 1), to: "b", contentType: .mp4Video) { XCTFail("b was not written") }
        XCTAssertThrowsError(try queue.finish()) { error in
            XCTAssertEqual((error as? OutputError)?.path, "b")
        }
        XCTAssertTrue(control.isStopped)
        XCTAssertEqual(output.written, ["a"])
        XCTAssertThrowsError(try queue.write(Data(count: 1), to: "c", contentType: .mp4Video))
    }

    func testAStoppedRunDropsWhatIsNotWritten() throws {
        let output = RecordingOutput(delay: 0.05)
        let control = PipelineControl()
        let queue = FileWriteQueue(output: output, control: control, source: "test")
        for number in 1...5 { try queue.write(Data(count: 1), to: "f\(number)", contentType: .mp4Video) }
        control.cancel()
        queue.stop()
        XCTAssertLessThan(output.written.count, 5)
        XCTAssertThrowsError(try queue.write(Data(count: 1), to: "g", contentType: .mp4Video)) { error in
            XCTAssertEqual(error as? ReelError, .cancelled)
        }
    }
}
