import Foundation

/// In-process wake-ups: a worker pool waits for `work` and SSE streams wait for a job's events,
/// each with a timeout so that work and events from other processes are still found by polling.
public final class JobSignals: @unchecked Sendable {
    private struct Waiter {
        let key: String
        let continuation: CheckedContinuation<Void, Never>
    }

    private let lock = NSLock()
    private var waiters: [UUID: Waiter] = [:]

    /// Creates a signal board.
    public init() {}

    /// The key of new work for the worker pool.
    public static let work = "work"

    /// The key of callbacks added to the outbox, for the callback dispatcher.
    static let callbacks = "callbacks"

    /// The key of a job's events.
    /// - Parameter id: The job.
    public static func events(of id: JobID) -> String { "events:\(id.rawValue)" }

    /// Wakes everyone waiting for `key`.
    /// - Parameter key: What happened.
    public func signal(_ key: String) {
        let woken = lock.withLock {
            let ids = waiters.filter { $0.value.key == key }.map(\.key)
            return ids.compactMap { waiters.removeValue(forKey: $0)?.continuation }
        }
        for continuation in woken { continuation.resume() }
    }

    /// Waits until `key` is signalled, the timeout passes, or the task is cancelled.
    /// - Parameters:
    ///   - key: What to wait for.
    ///   - timeout: The longest wait.
    public func wait(for key: String, timeout: Duration) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.withLock { waiters[id] = Waiter(key: key, continuation: continuation) }
                if Task.isCancelled { resume(id) }
                Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    self?.resume(id)
                }
            }
        } onCancel: {
            resume(id)
        }
    }

    private func resume(_ id: UUID) {
        lock.withLock { waiters.removeValue(forKey: id) }?.continuation.resume()
    }
}
