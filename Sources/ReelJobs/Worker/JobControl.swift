import Foundation
import ReelCore

/// The switches of one running attempt: cancel (DELETE or a cancel request seen by the heartbeat),
/// release (graceful shutdown) and lost (the lease went to another worker). Each stops the packager.
final class JobControl: @unchecked Sendable {
    enum Stop: Sendable, Equatable {
        case cancelled
        case released
        case lost
    }

    private let lock = NSLock()
    private var packager: PackageJobRunner?
    private var stopReason: Stop?
    private var latestProgress: Double?

    /// Why the attempt was stopped, if it was.
    var stop: Stop? { lock.withLock { stopReason } }

    /// The newest progress fraction, for the next heartbeat.
    var progress: Double? {
        get { lock.withLock { latestProgress } }
        set { lock.withLock { latestProgress = newValue } }
    }

    /// Connects the packager, stopping it at once when the attempt was already stopped.
    func attach(_ packager: PackageJobRunner) {
        let stopped = lock.withLock {
            self.packager = packager
            return stopReason != nil
        }
        if stopped { packager.cancel() }
    }

    /// Stops the attempt; the first reason wins.
    func request(_ reason: Stop) {
        let packager = lock.withLock {
            if stopReason == nil { stopReason = reason }
            return self.packager
        }
        packager?.cancel()
    }
}
