import Foundation

/// A fixed set of upload threads fed by a bounded queue.
///
/// `submit(_:)` blocks while `capacity` jobs are waiting, so producers (the encoding threads) slow
/// down to the upload rate instead of buffering without limit. Jobs must not submit jobs.
final class UploadQueue: @unchecked Sendable {
    // @unchecked Sendable: every stored var is only accessed while `condition` is locked.
    typealias Job = @Sendable () -> Void

    private let condition = NSCondition()
    private let capacity: Int
    private var jobs: [Job] = []
    private var head = 0
    private var running = 0
    private var closed = false

    /// Starts the threads.
    /// - Parameters:
    ///   - threads: The number of upload threads (at least 1).
    ///   - capacity: Jobs that may wait for a thread before `submit` blocks (at least 1).
    ///   - name: The threads' name.
    init(threads: Int, capacity: Int, name: String) {
        self.capacity = max(1, capacity)
        for index in 0..<max(1, threads) {
            let thread = Thread { [self] in work() }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    /// Queues a job, waiting while the queue is full.
    /// - Parameter job: The job.
    /// - Returns: `false` when the queue was shut down (the job is dropped).
    func submit(_ job: @escaping Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while jobs.count - head >= capacity && !closed { condition.wait() }
        if closed { return false }
        jobs.append(job)
        condition.broadcast()
        return true
    }

    /// Waits until no job is queued or running.
    func waitUntilIdle() {
        condition.lock()
        defer { condition.unlock() }
        while jobs.count > head || running > 0 { condition.wait() }
    }

    /// Drops the jobs not started yet.
    func discardPending() {
        condition.lock()
        defer { condition.unlock() }
        jobs = []
        head = 0
        condition.broadcast()
    }

    /// Drops the jobs not started yet and lets the threads end after their current job; later
    /// submissions are refused.
    func shutdown() {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        jobs = []
        head = 0
        condition.broadcast()
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.count == head && !closed { condition.wait() }
            if jobs.count == head {
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            if head > 64 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            running += 1
            condition.broadcast()
            condition.unlock()

            job()

            condition.lock()
            running -= 1
            condition.broadcast()
            condition.unlock()
        }
    }
}
