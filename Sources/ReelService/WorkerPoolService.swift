import ReelJobs
import ServiceLifecycle

/// Runs a worker pool as a service: on graceful shutdown (SIGTERM, SIGINT) the workers stop
/// claiming and hand their running jobs back to the queue.
struct WorkerPoolService: Service {
    let pool: WorkerPool

    /// Wraps a pool.
    /// - Parameter pool: The workers.
    init(pool: WorkerPool) {
        self.pool = pool
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            await pool.run()
        } onGracefulShutdown: {
            pool.stop()
        }
    }
}
