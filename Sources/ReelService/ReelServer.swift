public import Foundation
import Hummingbird
import Logging
import ReelCore
public import ReelJobs
import ServiceLifecycle

/// The `reel serve` application: the HTTP API and hooks over a job store, with a worker pool in
/// the same process (none with `workers: 0`).
public struct ReelServer: Sendable {
    let configuration: ServiceConfiguration
    let store: any JobStore
    let signals: JobSignals
    /// The workers of this process, or nil when it serves the API only.
    let pool: WorkerPool?
    let metrics: ServiceMetrics
    let settings: WorkerSettings
    /// Signs the preview links of this process.
    let previewSigner: PreviewSigner
    /// Reads packages for the preview.
    let previewFileReader: PreviewFileReader

    /// Assembles the service.
    /// - Parameters:
    ///   - configuration: The validated configuration.
    ///   - store: The open job store.
    ///   - environment: The variables S3 credentials are read from.
    ///   - metrics: The Prometheus registry.
    /// - Throws: `ServiceConfiguration.LoadError` for an unusable output destination.
    public init(
        configuration: ServiceConfiguration, store: any JobStore,
        environment: [String: String] = ProcessInfo.processInfo.environment, metrics: ServiceMetrics = ServiceMetrics()
    ) throws(ServiceConfiguration.LoadError) {
        self.configuration = configuration
        self.store = store
        self.metrics = metrics
        signals = JobSignals()
        settings = try configuration.workerSettings(environment: environment)
        previewSigner = PreviewSigner(secret: configuration.previewSecret)
        previewFileReader = PreviewFileReader(environment: environment, s3Endpoint: configuration.s3Endpoint)
        configuration.installKeySealing()
        let runner = JobRunner(store: store, settings: settings, signals: signals)
        pool = configuration.workers > 0 ? WorkerPool(concurrency: configuration.workers, runner: runner) : nil
    }

    /// The router with every route: an access-log line and request metrics for each request; the
    /// `/v1` API behind its tokens, scopes and rate limit; the web console and the signed package
    /// previews; `405` with `Allow` for a route's path with another method.
    func makeRouter() -> Router<ReelRequestContext> {
        let router = Router(context: ReelRequestContext.self)
        router.add(middleware: AccessLogMiddleware(metrics: metrics))
        let intake = JobIntake(
            store: store, settings: settings, signals: signals, maxAttempts: configuration.maxAttempts,
            limits: JobFieldLimits(configuration))
        let limiter = RateLimiter(rate: configuration.rateLimit, burst: configuration.rateBurst)
        let api = router.group("v1").add(
            middleware: APIAuthMiddleware(tokens: configuration.apiTokens, limiter: limiter))
        let jobs = api.group("jobs")
        JobRoutes(intake: intake, store: store, signals: signals, pool: pool, bodyLimit: configuration.bodyLimit)
            .register(on: jobs)
        PreviewRoutes(store: store, signer: previewSigner, reader: previewFileReader).register(jobs: jobs, on: router)
        if configuration.console { ConsoleRoutes().register(on: router) }
        ServiceRoutes(store: store, catalog: settings.catalog, metrics: metrics).register(on: router, api: api)
        OpenAPIRoutes().register(on: router)
        HookRoutes(
            intake: intake, secret: configuration.hookSecret, defaultLadder: configuration.defaultLadder,
            snsSubscribeURLs: configuration.snsSubscribeURLs, bodyLimit: configuration.bodyLimit
        ).register(on: router.group("v1/hooks"))
        // Last: it wraps only the answer to a request that matched no route.
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
        return router
    }

    /// Runs the service until SIGTERM or SIGINT, then shuts down gracefully (workers hand their
    /// jobs back to the queue).
    /// - Parameter onServerRunning: Called with the bound port once the server listens.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await makeApplication(onServerRunning: onServerRunning).runService()
    }

    /// The application: the HTTP server plus the worker pool as a service beside it.
    /// - Parameter onServerRunning: Called with the bound channel (its port when `port` is 0).
    func makeApplication(
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var services: [any Service] = []
        if let pool { services.append(WorkerPoolService(pool: pool)) }
        return Application(
            router: makeRouter(),
            server: .http1(timeouts: configuration.connectionTimeouts),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "reel"),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "reel.http"))
    }
}
