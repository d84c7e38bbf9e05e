import Foundation
import ReelHTTP
import ReelMedia
import ReelOutput

extension ReelError {
    /// Classifies any error from the media layer or the output into the taxonomy.
    /// - Parameters:
    ///   - error: The underlying error.
    ///   - source: The source's name, for messages about it.
    /// - Returns: The matching `ReelError`.
    static func classify(_ error: any Error, source: String) -> ReelError {
        if let error = error as? ReelError { return error }
        if let error = error as? OutputError {
            // S3 5xx, throttling, timeouts and dropped connections that outlasted the retries are
            // transient; bad paths, credentials, a missing bucket and local I/O errors are not.
            switch error.reason {
            case .aborted: return .cancelled
            case .storage(let failure) where failure.isTransient:
                return .transient("output: \(error.path.debugDescription): \(failure.summary)")
            default: return error.isTransient ? .transient("output: \(error)") : .permanent("output: \(error)")
            }
        }
        if let error = error as? MediaError {
            switch error.kind {
            case .interrupted: return .cancelled
            case .unsupported: return .unsupportedFormat(source: source, reason: error.description)
            case .invalidData: return .invalidInput(source: source, stream: nil, reason: error.description)
            case .timedOut: return .transient("\(source): \(error.description)")
            case .io: return .invalidInput(source: source, stream: nil, reason: error.description)
            case .invalidSettings: return .permanent(error.description)
            case .other: return .invalidInput(source: source, stream: nil, reason: error.description)
            }
        }
        return .permanent(String(describing: error))
    }

    /// Explains why a source could not be opened: missing, unreadable, timed out, or not media.
    /// - Parameters:
    ///   - error: The media layer's error.
    ///   - source: The source's name.
    static func openFailure(_ error: MediaError, source: String) -> ReelError {
        if error.code == -ENOENT {
            return .invalidInput(source: source, stream: nil, reason: "no such file")
        }
        if error.code == -EACCES {
            return .invalidInput(source: source, stream: nil, reason: "permission denied")
        }
        if error.kind == .timedOut || error.kind == .interrupted {
            return classify(error, source: source)
        }
        return .unsupportedFormat(source: source, reason: "not a media file Reel can read (\(error.message))")
    }
}
