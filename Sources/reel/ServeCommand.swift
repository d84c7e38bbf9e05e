import ArgumentParser
import Foundation
import Logging
import ReelJobs
import ReelService

/// `reel serve`: the job API, upload hooks and workers over one job store.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP service: a job API, upload hooks (tusd, S3, SNS, MinIO) and workers.",
        discussion: """
            Jobs are stored before they are acknowledged and run by the workers of this process \
            (--workers, default 1) or of `reel worker` processes sharing the database. A job killed \
            with its process runs again on restart. Every option can also be set in the YAML file \
            (--config, keys in snake_case such as hook_secret) and as a REEL_* variable \
            (REEL_HOOK_SECRET); options beat variables, variables beat the file.

            Examples:
              reel serve --api-token secret --output packages/
              REEL_API_TOKEN=secret REEL_HOOK_SECRET=hooks reel serve --output s3://media/packages/
              curl -H 'Authorization: Bearer secret' -d '{"source":"s3://uploads/talk.mp4"}' \\
                   http://127.0.0.1:8080/v1/jobs
              curl -N -H 'Authorization: Bearer secret' http://127.0.0.1:8080/v1/jobs/ID/events
              tusd -hooks-http 'http://127.0.0.1:8080/v1/hooks/tusd?token=hooks' -hooks-enabled-events pre-create,post-finish

            Endpoints: POST/GET /v1/jobs, GET/DELETE /v1/jobs/{id}, GET /v1/jobs/{id}/events (SSE), \
            POST /v1/jobs/{id}/retry, GET /v1/jobs/{id}/preview (a signed /preview/… path for players), \
            GET /v1/ladders, POST /v1/hooks/tusd, POST|HEAD /v1/hooks/s3, POST|HEAD /v1/hooks/minio, \
            GET /healthz, GET /metrics, and GET /openapi.yaml (or /openapi.json): the OpenAPI 3.1 \
            document of them all. A browser opening http://HOST:PORT/ gets the web console (sign in \
            with an API token): jobs, live progress, preview, new jobs; --no-console turns it off.
            """
    )

    @OptionGroup var common: JobServiceOptions

    @Option(help: ArgumentHelp("Address to listen on (default 127.0.0.1).", valueName: "host"))
    var host: String?

    @Option(help: ArgumentHelp("Port to listen on (default 8080; 0 picks a free one).", valueName: "port"))
    var port: Int?

    @Option(
        help: ArgumentHelp(
            "Bearer token the API accepts (repeat for several): TOKEN (all scopes) or ID:SCOPES[:TENANT]=TOKEN "
                + "with SCOPES read, write, admin joined by +.", valueName: "token"))
    var apiToken: [String] = []

    @Option(help: ArgumentHelp("Shared secret of the upload hooks (?token= or Bearer).", valueName: "secret"))
    var hookSecret: String?

    @Option(help: ArgumentHelp("Workers in this process (default 1; 0 serves the API only).", valueName: "n"))
    var workers: Int?

    @Flag(
        name: .customLong("console"), inversion: .prefixedNo,
        help: "Serve the web console at / (default; also console, REEL_CONSOLE).")
    var console: Bool?

    func run() async throws {
        LogSetup.bootstrap(verbose: common.verbose, quietLevel: .info)
        let configuration = try common.configuration { (configuration) throws(ServiceConfiguration.LoadError) in
            if let host { configuration.host = host }
            if let port { configuration.port = port }
            if !apiToken.isEmpty { try configuration.setTokens(apiToken, origin: "--api-token") }
            if let hookSecret { configuration.hookSecret = hookSecret }
            if let workers { configuration.workers = workers }
            if let console { configuration.console = console }
            try configuration.validate(serving: true)
        }
        LogSetup.protect(configuration)
        let metrics = ServiceMetrics.bootstrap()
        let store = try await JobStoreOpener.open(configuration.database, takeOwnership: true)
        let server: ReelServer
        do {
            server = try ReelServer(configuration: configuration, store: store, metrics: metrics)
        } catch {
            await store.close()
            throw CLIError(message: error.description, exitCode: ExitStatus.permanent).exit
        }
        let logger = Logger(label: "reel.serve")
        let onServerRunning: @Sendable (Int) async -> Void = { port in
            logger.info(
                "listening on http://\(configuration.host):\(port) (\(configuration.workers) worker(s), \(Redaction.redacted(configuration.database)))"
            )
            // The one line on stdout, for scripts and tests that start the service on port 0.
            FileHandle.standardOutput.write(Data("listening on http://\(configuration.host):\(port)\n".utf8))
        }
        do {
            try await server.run(onServerRunning: onServerRunning)
        } catch {
            await store.close()
            throw CLIError(message: "\(error)", exitCode: ExitStatus.failure).exit
        }
        await store.close()
    }
}
