import ArgumentParser
import Foundation
import ReelCore

/// Exit statuses of `reel`, by error kind, so scripts can tell what to retry.
enum ExitStatus {
    static let failure: Int32 = 1
    /// Unsupported format or invalid input: the source itself is the problem.
    static let badInput: Int32 = 3
    /// Bad settings or destination.
    static let permanent: Int32 = 4
    /// Worth retrying (network, storage, timeouts). Same value as EX_TEMPFAIL.
    static let transient: Int32 = 75
    static let cancelled: Int32 = 130

    static func of(_ error: ReelError) -> Int32 {
        switch error {
        case .unsupportedFormat, .invalidInput: badInput
        case .permanent: permanent
        case .transient: transient
        case .cancelled: cancelled
        }
    }
}

/// A failure explained in one line. Creating it prints `reel: error: …` to stderr; throwing it
/// ends the command with its exit status.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32
    var description: String { message }
}

extension CLIError {
    /// Prints the message and returns the `ExitCode` to throw.
    var exit: ExitCode {
        FileHandle.standardError.write(Data("reel: error: \(message)\n".utf8))
        return ExitCode(exitCode)
    }
}
