import ArgumentParser
import Foundation
import ReelService

/// The options `reel serve` and `reel worker` share: configuration file, job store, destination.
struct JobServiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A YAML configuration file (also REEL_CONFIG); options override it.", valueName: "file"))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "The job store: sqlite:PATH (default sqlite:reel.db) or postgres://USER@HOST:PORT/DB.", valueName: "url"))
    var database: String?

    @Option(help: ArgumentHelp("Where packages go: a directory or s3://BUCKET/PREFIX/.", valueName: "dest"))
    var output: String?

    @Option(help: ArgumentHelp("S3 endpoint of sources and outputs (else AWS_ENDPOINT_URL).", valueName: "url"))
    var s3Endpoint: String?

    @Option(help: ArgumentHelp("Seconds a claimed job is held without a heartbeat (default 30).", valueName: "seconds"))
    var lease: Double?

    @Flag(name: .shortAndLong, help: "Log details to stderr.")
    var verbose = false

    /// The configuration: defaults, file, `REEL_*` variables, then these options.
    func configuration(_ apply: (inout ServiceConfiguration) throws(ServiceConfiguration.LoadError) -> Void)
        throws -> ServiceConfiguration
    {
        do {
            var configuration = try ServiceConfiguration.load(
                file: config, environment: ProcessInfo.processInfo.environment)
            if let database { configuration.database = database }
            if let output { configuration.output = output }
            if let s3Endpoint { configuration.s3Endpoint = s3Endpoint }
            if let lease { configuration.lease = lease }
            try apply(&configuration)
            return configuration
        } catch {
            throw CLIError(message: error.description, exitCode: ExitStatus.permanent).exit
        }
    }
}
