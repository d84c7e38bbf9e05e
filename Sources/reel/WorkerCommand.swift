import ArgumentParser
import Foundation
import Logging
import ReelJobs
import ReelService

/// `reel worker`: runs jobs from a shared job store, without HTTP.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run jobs from a shared job store (PostgreSQL) without serving HTTP.",
        discussion: """
            Start as many workers on as many machines as needed, all pointing at the same \
            PostgreSQL database and output; `reel serve --workers 0` nodes take the API traffic. \
            Each claimed job holds a lease renewed by heartbeats: when a worker dies, its job is \
            claimed again by another once the lease runs out. SIGTERM stops claiming and hands \
            running jobs back to the queue.

            Example:
              reel worker --database postgres://reel@db:5432/reel --output s3://media/packages/ --concurrency 2
            """
    )

    @OptionGroup var common: JobServiceOptions

    @Option(help: ArgumentHelp("Jobs run at the same time (default 1).", valueName: "n"))
    var concurrency: Int?

    @Option(
        help: ArgumentHelp(
            "Serve /metrics (this worker's jobs: duration, bytes, encode speed) and /healthz on this port.",
            valueName: "port"))
    var metricsPort: Int?

    func run() async throws {
        LogSetup.bootstrap(verbose: common.verbose, quietLevel: .info)
        let configuration = try common.configuration { (configuration) throws(ServiceConfiguration.LoadError) in
            if let concurrency { configuration.workers = concurrency }
            try configuration.validate(serving: false)
        }
        LogSetup.protect(configuration)
        if case .sqlite = try? JobStoreLocation(parsing: configuration.database) {
            // The serving process owns a SQLite store and restarts whatever was running when it starts.
            throw CLIError(
                message: "reel worker shares a PostgreSQL job store with other nodes (--database postgres://…); "
                    + "with SQLite, run the workers inside reel serve (--workers N)",
                exitCode: ExitStatus.permanent
            ).exit
        }
        let store = try await JobStoreOpener.open(configuration.database, takeOwnership: false)
        do {
            let metrics = ServiceMetrics.bootstrap()
            try await WorkerProcess(
                configuration: configuration, store: store, metricsPort: metricsPort, metrics: metrics
            )
            .run()
        } catch {
            await store.close()
            throw CLIError(message: "\(error)", exitCode: ExitStatus.failure).exit
        }
        await store.close()
    }
}
