public import ReelJobs
public import ServiceLifecycle

/// Runs a worker pool as a service: on graceful shutdown (SIGTERM, SIGINT) the workers stop
/// claiming and hand their running jobs back to the queue.
public struct WorkerPoolService: Service {
    public let pool: WorkerPool

    /// Wraps a pool.
    /// - Parameter pool: The workers.
    public init(pool: WorkerPool) {
        self.pool = pool
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await pool.run()
        } onGracefulShutdown: {
            pool.stop()
        }
    }
}
