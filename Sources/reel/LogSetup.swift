import Foundation
import Logging
import ReelJobs
import ReelMedia
import ReelService

/// Sets up logging for the command line.
enum LogSetup {
    /// Sends logs to stderr: from `quietLevel` up by default, everything with `--verbose`. Every
    /// line goes through `SafeLogHandler`: control characters are escaped and secrets masked, in
    /// the message and in the metadata, whatever the call site logs.
    static func bootstrap(verbose: Bool, quietLevel: Logger.Level = .warning) {
        protect(environment: ProcessInfo.processInfo.environment)
        LoggingSystem.bootstrap { label in
            var handler = SafeLogHandler(wrapping: StreamLogHandler.standardError(label: label))
            handler.logLevel = verbose ? .debug : quietLevel
            return handler
        }
        FFmpegLog.install(verbose: verbose)
    }

    /// Registers the secrets of a service configuration, so no log line shows them: API tokens,
    /// hook, callback, key and preview secrets, the database password.
    /// - Parameter configuration: The loaded configuration.
    static func protect(_ configuration: ServiceConfiguration) {
        var secrets = configuration.apiTokens.map(\.token)
        secrets += [
            configuration.hookSecret, configuration.callbackSecret, configuration.keySecret,
            configuration.previewSecret,
        ].compactMap { $0 }
        if let password = databasePassword(configuration.database) { secrets.append(password) }
        Redaction.register(secrets)
    }

    /// Registers the values of variables that hold secrets (`*SECRET*`, `*PASSWORD*`, `*TOKEN*`,
    /// `AWS_SECRET_ACCESS_KEY`, `PGPASSWORD`).
    static func protect(environment: [String: String]) {
        let secretNames = ["SECRET", "PASSWORD", "PASSWD", "TOKEN", "CREDENTIAL"]
        Redaction.register(
            environment.filter { name, _ in secretNames.contains { name.uppercased().contains($0) } }.map(\.value))
    }

    /// The password of a `scheme://user:password@host` URL, percent-decoded as it is used.
    private static func databasePassword(_ url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let authority = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@") else { return nil }
        let userinfo = authority[..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return nil }
        let password = String(userinfo[userinfo.index(after: colon)...])
        return password.isEmpty ? nil : password.removingPercentEncoding ?? password
    }
}
