import ArgumentParser
import Foundation
import Logging
import ReelService

/// The options `reel serve` and `reel worker` share: configuration file, job store, destination.
struct JobServiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A YAML configuration file (also REEL_CONFIG); options override it.", valueName: "file"))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "The job store: sqlite:PATH (reel serve's default: sqlite:reel.db) or postgres://USER@HOST:PORT/DB.",
            valueName: "url"))
    var database: String?

    @Option(
        help: ArgumentHelp(
            "Where packages go: a directory or s3://BUCKET/PREFIX/ (default: packages).", valueName: "dest"))
    var output: String?

    @Option(help: ArgumentHelp("S3 endpoint of sources and outputs (else AWS_ENDPOINT_URL).", valueName: "url"))
    var s3Endpoint: String?

    @Option(help: ArgumentHelp("Seconds a claimed job is held without a heartbeat (default 30).", valueName: "seconds"))
    var lease: Double?

    @Option(
        help: ArgumentHelp(
            "Allowed source URI prefix: a scheme, s3://BUCKET/, https://HOST/ or a local directory (repeat; "
                + "default s3://, https://, http://; also allow_sources, REEL_ALLOW_SOURCES).",
            valueName: "prefix")
    )
    var allowSource: [String] = []

    @Flag(
        help: ArgumentHelp(
            "Let http(s) sources and callbacks reach loopback, link-local and private addresses "
                + "(also allow_private_networks, REEL_ALLOW_PRIVATE_NETWORKS)."))
    var allowPrivateNetworks = false

    @Option(
        help: ArgumentHelp(
            "HMAC secret of the Reel-Signature header of callbacks (default: the hook secret).", valueName: "secret"))
    var callbackSecret: String?

    @Option(
        help: ArgumentHelp(
            "Secret that seals content keys of encrypted jobs in the job store (also key_secret, "
                + "REEL_KEY_SECRET); the same in every process of one store.", valueName: "secret"))
    var keySecret: String?

    @Flag(name: .shortAndLong, help: "Log details to stderr.")
    var verbose = false

    /// The configuration: defaults, file, `REEL_*` variables, then these options.
    func configuration(_ apply: (inout ServiceConfiguration) throws(ServiceConfiguration.LoadError) -> Void)
        throws -> ServiceConfiguration
    {
        let environment = ProcessInfo.processInfo.environment
        for variable in ServiceConfiguration.unknownVariables(in: environment) {
            Logger(label: "reel.config").warning("\(variable) is not a Reel setting and is ignored (see --help)")
        }
        do {
            var configuration = try ServiceConfiguration.load(file: config, environment: environment)
            if let database { configuration.database = database }
            if let output { configuration.output = output }
            if let s3Endpoint { configuration.s3Endpoint = s3Endpoint }
            if let lease { configuration.lease = lease }
            if !allowSource.isEmpty { configuration.allowSources = allowSource }
            if allowPrivateNetworks { configuration.allowPrivateNetworks = true }
            if let callbackSecret { configuration.callbackSecret = callbackSecret }
            if let keySecret { configuration.keySecret = keySecret }
            try apply(&configuration)
            for warning in configuration.warnings { Logger(label: "reel.config").warning("\(warning)") }
            return configuration
        } catch {
            throw CLIError(message: error.description, exitCode: ExitStatus.permanent).exit
        }
    }
}
