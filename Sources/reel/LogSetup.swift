import Logging
import ReelMedia

/// Sets up logging for the command line.
enum LogSetup {
    /// Sends logs to stderr: from `quietLevel` up by default, everything with `--verbose`.
    static func bootstrap(verbose: Bool, quietLevel: Logger.Level = .warning) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : quietLevel
            return handler
        }
        FFmpegLog.install(verbose: verbose)
    }
}
