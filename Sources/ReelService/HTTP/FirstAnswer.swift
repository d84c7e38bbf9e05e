import Foundation

/// Waits for work or a timeout, whichever comes first, without waiting for the work to end (a
/// call stuck on an unreachable database keeps running in the background and is ignored).
enum FirstAnswer {
    /// The work's answer, or `timeoutAnswer` after `timeout`.
    static func race<Value: Sendable>(
        timeout: Duration, timeoutAnswer: Value, _ work: @escaping @Sendable () async -> Value
    ) async -> Value {
        let once = Once<Value>()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Value, Never>) in
            once.set(continuation)
            Task { once.resume(with: await work()) }
            Task {
                try? await Task.sleep(for: timeout)
                once.resume(with: timeoutAnswer)
            }
        }
    }

    private final class Once<Value: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Value, Never>?

        func set(_ continuation: CheckedContinuation<Value, Never>) {
            lock.withLock { self.continuation = continuation }
        }

        func resume(with value: Value) {
            let continuation = lock.withLock {
                defer { self.continuation = nil }
                return self.continuation
            }
            continuation?.resume(returning: value)
        }
    }
}
