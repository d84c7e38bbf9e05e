import Metrics
import Prometheus
import ReelJobs

/// The Prometheus registry of the service: the job metrics the workers record through
/// swift-metrics (duration, bytes written, encode speed, finished jobs), plus `reel_jobs` by
/// state, read from the store at every scrape.
public struct ServiceMetrics: Sendable {
    /// The registry swift-metrics is bootstrapped with.
    public let registry: PrometheusCollectorRegistry

    /// Creates the metrics over a registry.
    /// - Parameter registry: The registry (bootstrap `MetricsSystem` with it to collect worker metrics).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// Creates the registry and makes it the process's swift-metrics backend, so the workers'
    /// metrics reach `/metrics`. Call once per process.
    public static func bootstrap() -> ServiceMetrics {
        let metrics = ServiceMetrics()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
        return metrics
    }

    /// The metrics in the Prometheus text format.
    func render(store: any JobStore) async throws -> String {
        let counts = try await store.countsByStatus()
        for status in JobStatus.allCases {
            registry.makeGauge(name: "reel_jobs", labels: [("status", status.rawValue)]).set(
                to: Double(counts[status] ?? 0))
        }
        return registry.emitToString()
    }
}
