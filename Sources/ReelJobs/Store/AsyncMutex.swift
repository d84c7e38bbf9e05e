/// Runs async critical sections one at a time, in the order they asked.
///
/// An actor alone is not enough for work that spans several `await`s (a transaction of several
/// statements on one connection): actors are reentrant, so a second caller could run its
/// statements in the middle of the first caller's transaction. The mutex is held across awaits.
actor AsyncMutex {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Waits until the mutex is free and takes it.
    func lock() async {
        guard locked else {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives the mutex to the next waiter, or frees it.
    func unlock() {
        if waiters.isEmpty {
            locked = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    /// Runs `body` while holding the mutex.
    /// - Parameter body: The critical section.
    /// - Returns: What `body` returns.
    nonisolated func withLock<Value: Sendable, Failure: Error>(
        _ body: @Sendable () async throws(Failure) -> Value
    ) async throws(Failure) -> Value {
        await lock()
        do {
            let value = try await body()
            await unlock()
            return value
        } catch {
            await unlock()
            throw error
        }
    }
}
