import Foundation

/// Shared state of one packaging run: the first failure, and cancellation.
///
/// Any thread may call `fail(_:)` or `cancel()`; every queue registered here is cancelled so
/// blocked threads wake up, and `isStopped` turns true for loops and FFmpeg's interrupt callback.
final class PipelineControl: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var error: ReelError?
    private var stopped = false
    private var cancellers: [@Sendable () -> Void] = []

    /// Whether the run should stop (failed or cancelled).
    var isStopped: Bool { lock.withLock { stopped } }

    /// The first recorded failure.
    var failure: ReelError? { lock.withLock { error } }

    /// Registers something to cancel when the run stops (typically a queue).
    func onStop(_ cancel: @escaping @Sendable () -> Void) {
        lock.lock()
        if stopped {
            lock.unlock()
            cancel()
            return
        }
        cancellers.append(cancel)
        lock.unlock()
    }

    /// Forgets the registered cancellers once the run's threads are done, so the encoders and
    /// queues they reference are freed with the run.
    func releaseHandlers() {
        lock.withLock { cancellers.removeAll() }
    }

    /// Records a failure (the first one wins) and stops the run.
    func fail(_ failure: ReelError) {
        stop(with: failure)
    }

    /// Stops the run as cancelled.
    func cancel() {
        stop(with: .cancelled)
    }

    private func stop(with failure: ReelError) {
        lock.lock()
        if error == nil { error = failure }
        let alreadyStopped = stopped
        stopped = true
        let toCancel = cancellers
        cancellers.removeAll()
        lock.unlock()
        if !alreadyStopped { toCancel.forEach { $0() } }
    }
}
