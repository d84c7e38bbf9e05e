import Foundation

/// Where a backend is in its life; files are accepted only while `accepting`.
enum OutputPhase {
    case accepting
    /// `finish()` is publishing (S3 waits for its uploads here).
    case finishing
    case finished
    case aborted

    /// Throws unless files may still be written.
    /// - Parameter label: The path or destination to name in the error.
    func checkAccepting(label: String) throws(OutputError) {
        switch self {
        case .accepting: return
        case .finishing, .finished: throw OutputError(path: label, reason: .finished)
        case .aborted: throw OutputError(path: label, reason: .aborted)
        }
    }
}

extension NSLock {
    /// Runs `body` holding the lock, keeping `body`'s typed error.
    func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}
