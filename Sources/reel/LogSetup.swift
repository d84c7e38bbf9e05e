import Logging
import ReelMedia

/// Sets up logging for the command line.
enum LogSetup {
    /// Sends logs to stderr: warnings by default, everything with `--verbose`.
    static func bootstrap(verbose: Bool) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .warning
            return handler
        }
        FFmpegLog.install(verbose: verbose)
    }
}
