import Foundation
import Logging
import ReelJobs
import ServiceLifecycle
import UnixSignals

/// `reel worker`: a worker pool without HTTP, sharing the job store with API nodes and other
/// workers. SIGTERM or SIGINT stops claiming and hands running jobs back to the queue.
public struct WorkerProcess: Sendable {
    public let pool: WorkerPool

    /// Assembles the workers.
    /// - Parameters:
    ///   - configuration: The validated configuration (`workers` is the concurrency).
    ///   - store: The open job store.
    ///   - environment: The variables S3 credentials are read from.
    /// - Throws: `ServiceConfiguration.LoadError` for an unusable output destination.
    public init(
        configuration: ServiceConfiguration, store: any JobStore,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ServiceConfiguration.LoadError) {
        let settings = try configuration.workerSettings(environment: environment)
        let runner = JobRunner(store: store, settings: settings, signals: JobSignals())
        pool = WorkerPool(concurrency: max(1, configuration.workers), runner: runner)
    }

    /// Runs until SIGTERM or SIGINT.
    public func run() async throws {
        let logger = Logger(label: "reel.worker")
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: WorkerPoolService(pool: pool))],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
