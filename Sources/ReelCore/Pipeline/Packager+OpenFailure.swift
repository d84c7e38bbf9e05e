import Foundation
import ReelMedia

extension Packager {
    /// Explains why a source could not be opened.
    static func openFailure(_ error: MediaError, source: String) -> ReelError {
        if error.code == -ENOENT {
            return .invalidInput(source: source, stream: nil, reason: "no such file")
        }
        if error.code == -EACCES {
            return .invalidInput(source: source, stream: nil, reason: "permission denied")
        }
        if error.kind == .timedOut || error.kind == .interrupted {
            return ReelError.classify(error, source: source)
        }
        return .unsupportedFormat(source: source, reason: "not a media file Reel can read (\(error.message))")
    }
}
