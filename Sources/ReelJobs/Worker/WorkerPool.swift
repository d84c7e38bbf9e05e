import Foundation
import Logging
import ReelCore

/// A number of workers in one process, each claiming and running one job at a time.
///
/// A worker waits for a local signal of new work, or polls the store every `pollInterval` for work
/// enqueued by other processes. `stop()` makes the workers stop claiming and hand their running
/// jobs back to the queue (`released`), so another worker can take them at once.
///
/// Beside the workers, the pool runs the callback dispatcher: every process that runs workers
/// delivers the outbox's callbacks, its own jobs' at once and those left by processes that died.
public final class WorkerPool: @unchecked Sendable {
    /// The pool's name; workers are `NAME/1`, `NAME/2`, ….
    let name: String
    /// Jobs run at the same time.
    let concurrency: Int
    /// Runs the claimed jobs.
    public let runner: JobRunner
    /// Delivers the outbox's callbacks while the workers run.
    let callbacks: CallbackDispatcher
    private let pollInterval: Duration
    private let logger = Logger(label: "reel.workers")
    private let lock = NSLock()
    private var running: [JobID: JobControl] = [:]
    private var stopping = false

    /// Creates a pool.
    /// - Parameters:
    ///   - name: The pool's name (defaults to `HOST:PID`).
    ///   - concurrency: Jobs run at the same time.
    ///   - runner: Runs the claimed jobs.
    ///   - pollInterval: How often idle workers look for work from other processes.
    public init(
        name: String = WorkerPool.defaultName(), concurrency: Int, runner: JobRunner,
        pollInterval: Duration = .seconds(1)
    ) {
        self.name = name
        self.concurrency = max(0, concurrency)
        self.runner = runner
        self.pollInterval = pollInterval
        callbacks = CallbackDispatcher(
            store: runner.store, sender: runner.settings.callbacks, policy: runner.settings.policy,
            signals: runner.signals, name: name, pollInterval: pollInterval)
    }

    /// `HOST:PID`.
    public static func defaultName() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Runs the workers and the callback dispatcher until `stop()` (or task cancellation), their
    /// last jobs are handed back and the callbacks being attempted are recorded.
    public func run() async {
        guard concurrency > 0 else { return }
        logger.info("\(concurrency) worker(s) started as \(name)")
        await withTaskGroup(of: Void.self) { group in
            for index in 1...concurrency {
                group.addTask { await self.work(as: "\(self.name)/\(index)") }
            }
            group.addTask { await self.callbacks.run(until: { self.isStopping }) }
        }
        logger.info("workers of \(name) stopped")
    }

    /// Stops claiming and releases the running jobs back to the queue.
    public func stop() {
        let controls = lock.withLock {
            stopping = true
            return Array(running.values)
        }
        for control in controls { control.request(.released) }
        runner.signals.signal(JobSignals.work)
        runner.signals.signal(JobSignals.callbacks)
    }

    /// Stops a job running in this process at once (the store's cancel request reaches other
    /// processes through their heartbeats).
    /// - Parameter id: The job.
    /// - Returns: Whether the job was running here.
    @discardableResult
    public func cancel(_ id: JobID) -> Bool {
        guard let control = lock.withLock({ running[id] }) else { return false }
        control.request(.cancelled)
        return true
    }

    /// The ids of the jobs running in this process.
    var runningJobs: [JobID] { lock.withLock { Array(running.keys) } }

    private var isStopping: Bool { lock.withLock { stopping } || Task.isCancelled }

    private func work(as worker: String) async {
        while !isStopping {
            let job: Job?
            do {
                job = try await runner.store.claim(worker: worker, lease: runner.settings.lease)
            } catch {
                logger.warning("\(worker): claim failed: \(error)")
                try? await Task.sleep(for: pollInterval)
                continue
            }
            guard let job else {
                await runner.signals.wait(for: JobSignals.work, timeout: pollInterval)
                continue
            }
            let control = JobControl()
            let stopped = lock.withLock {
                running[job.id] = control
                return stopping
            }
            if stopped { control.request(.released) }
            logger.info("\(worker): job \(job.id) attempt \(job.attempts) (\(job.spec.source))")
            await runner.run(job, worker: worker, control: control)
            lock.withLock { _ = running.removeValue(forKey: job.id) }
            // Another job may be waiting already; look again at once.
        }
    }
}
