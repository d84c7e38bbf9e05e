public import Foundation
import Hummingbird
import Logging
public import ReelJobs
import ServiceLifecycle
import UnixSignals

/// `reel worker`: a worker pool without the API, sharing the job store with API nodes and other
/// workers. SIGTERM or SIGINT stops claiming and hands running jobs back to the queue. With a
/// metrics port it serves `/metrics` (the jobs this process ran) and `/healthz` there.
public struct WorkerProcess: Sendable {
    let pool: WorkerPool
    private let store: any JobStore
    private let host: String
    private let metricsPort: Int?
    private let metrics: ServiceMetrics
    private let timeouts: ConnectionTimeouts

    /// Assembles the workers.
    /// - Parameters:
    ///   - configuration: The validated configuration (`workers` is the concurrency, `host` the
    ///     address of the metrics port).
    ///   - store: The open job store.
    ///   - metricsPort: Where `/metrics` and `/healthz` are served, or nil for nowhere.
    ///   - metrics: The Prometheus registry the process's swift-metrics backend writes to (its
    ///     `/metrics` leaves out the cluster's job counts, which the API nodes export).
    ///   - environment: The variables S3 credentials are read from.
    /// - Throws: `ServiceConfiguration.LoadError` for an unusable output destination.
    public init(
        configuration: ServiceConfiguration, store: any JobStore, metricsPort: Int? = nil,
        metrics: ServiceMetrics = ServiceMetrics(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ServiceConfiguration.LoadError) {
        let settings = try configuration.workerSettings(environment: environment)
        configuration.installKeySealing()
        let runner = JobRunner(store: store, settings: settings, signals: JobSignals())
        pool = WorkerPool(concurrency: max(1, configuration.workers), runner: runner)
        self.store = store
        host = configuration.host
        self.metricsPort = metricsPort
        self.metrics = metrics
        timeouts = configuration.connectionTimeouts
    }

    /// Runs until SIGTERM or SIGINT.
    public func run() async throws {
        let logger = Logger(label: "reel.worker")
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: WorkerPoolService(pool: pool))]
        if let metricsPort {
            let router = Router()
            ServiceRoutes(store: store, catalog: pool.runner.settings.catalog, metrics: metrics, clusterGauges: false)
                .registerOperations(on: router)
            let app = Application(
                router: router, server: .http1(timeouts: timeouts),
                configuration: .init(address: .hostname(host, port: metricsPort), serverName: "reel-worker"),
                logger: Logger(label: "reel.http"))
            services.append(.init(service: app))
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
