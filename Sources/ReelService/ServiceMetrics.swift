import Metrics
public import Prometheus
import ReelJobs

/// The Prometheus registry of the service: the job metrics the workers record through
/// swift-metrics (duration, queue wait, retries, bytes written, encode speed, finished jobs,
/// callback failures), the HTTP metrics (requests by route, method and status; authentication
/// failures), and — on API nodes only — `reel_jobs` by state, read from the store at every scrape.
public struct ServiceMetrics: Sendable {
    /// The registry swift-metrics is bootstrapped with.
    let registry: PrometheusCollectorRegistry

    /// Buckets of job durations: a second to four hours.
    static let jobDurationBuckets: [Duration] = [
        1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400,
    ].map { .seconds($0) }
    /// Buckets of the time jobs wait in the queue before their first attempt: 100 ms to four hours.
    static let queueWaitBuckets: [Duration] =
        [.milliseconds(100), .milliseconds(500)] + [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 14400].map { .seconds($0) }

    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "reel_http_requests", unitName: "total",
            helpText: "HTTP requests by route template, method and status")
    }
    private static var authFailures: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "reel_auth_failures", unitName: "total",
            helpText: "Requests refused for a missing or wrong token")
    }
    private static var jobs: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "reel_jobs", unitName: "", helpText: "Jobs in the store by status (API nodes only)")
    }

    /// Creates the metrics over a registry.
    /// - Parameter registry: The registry (bootstrap `MetricsSystem` with it to collect worker metrics).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// Creates the registry and makes it the process's swift-metrics backend, so the workers'
    /// metrics reach `/metrics`. Call once per process.
    public static func bootstrap() -> ServiceMetrics {
        let metrics = ServiceMetrics()
        MetricsSystem.bootstrap(factory(registry: metrics.registry))
        return metrics
    }

    /// The swift-metrics backend writing to a registry, with buckets that fit real jobs.
    /// - Parameter registry: The registry.
    static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["reel_job_duration_seconds"] = jobDurationBuckets
        factory.durationHistogramBuckets["reel_job_queue_wait_seconds"] = queueWaitBuckets
        return factory
    }

    /// Counts a request by route template, method and status; a 401 also as an authentication
    /// failure of that route.
    func recordRequest(route: String, method: String, status: Int) {
        registry.makeCounter(
            descriptor: Self.requests, labels: [("route", route), ("method", method), ("status", "\(status)")]
        ).increment()
        if status == 401 {
            registry.makeCounter(descriptor: Self.authFailures, labels: [("route", route)]).increment()
        }
    }

    /// The metrics in the Prometheus text format.
    /// - Parameter store: The store whose job counts by state are exported as `reel_jobs`, or nil
    ///   for none: the API nodes export them, the `reel worker` processes do not, so a sum over
    ///   every scrape target counts each job once.
    func render(clusterGaugesFrom store: (any JobStore)?) async throws -> String {
        if let store {
            let counts = try await store.countsByStatus()
            for status in JobStatus.allCases {
                registry.makeGauge(descriptor: Self.jobs, labels: [("status", status.rawValue)]).set(
                    to: Double(counts[status] ?? 0))
            }
        }
        return registry.emitToString()
    }
}
