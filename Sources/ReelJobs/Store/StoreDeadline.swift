import Foundation

/// The time a store call has to answer, shared by the caller (who stops waiting when it passes)
/// and the call's work (which must not commit once the caller has given up).
///
/// Exactly one of the two wins: `expire()` succeeds only while no commit has begun, and
/// `beginCommit()` only while the deadline has not expired. A caller that got "unavailable" can
/// therefore rely on nothing having been written, and a commit that began in time is waited for.
final class StoreDeadline: @unchecked Sendable {
    // @unchecked Sendable: `state` is read and written only while `lock` is held.
    private enum State {
        case open
        case committing
        case expired
    }

    private let lock = NSLock()
    private var state = State.open

    /// Marks the deadline as passed, unless a commit already began.
    /// - Returns: Whether the caller may give up now (nothing will be committed).
    func expire() -> Bool {
        lock.withLock {
            guard state == .open else { return state == .expired }
            state = .expired
            return true
        }
    }

    /// Whether the caller has given up.
    var isExpired: Bool { lock.withLock { state == .expired } }

    /// Claims the right to commit; fails once the deadline has expired.
    /// - Throws: `JobStoreError.unavailable` when the caller has given up (roll back).
    func beginCommit() throws(JobStoreError) {
        let began = lock.withLock {
            if state == .open { state = .committing }
            return state == .committing
        }
        if !began { throw .unavailable("the call outlived its deadline; rolled back") }
    }

    /// Throws when the caller has given up (before starting work that would be wasted).
    func check() throws(JobStoreError) {
        if isExpired { throw .unavailable("the call outlived its deadline") }
    }

    /// Runs `body` with a deadline of `seconds`: answers `JobStoreError.unavailable` when the
    /// deadline passes (or the calling task is cancelled) before `body` ends and before it began
    /// to commit. `body` is left to finish on its own, not cancelled: a cancelled task's queries
    /// fail at once, so it could not even roll its transaction back; it finds the deadline passed
    /// at `beginCommit()` and rolls back itself.
    /// - Parameters:
    ///   - seconds: The time allowed.
    ///   - what: What the store is, for the error.
    ///   - body: The call's work; it calls `beginCommit()` right before committing a transaction.
    static func run<Value: Sendable>(
        seconds: Double, what: String, _ body: @escaping @Sendable (StoreDeadline) async throws -> Value
    ) async throws(JobStoreError) -> Value {
        let deadline = StoreDeadline()
        let race = Race<Value>()
        let gaveUp = JobStoreError.unavailable("\(what): no answer within \(format(seconds)) s")
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                race.start(continuation)
                Task {
                    do {
                        race.finish(.success(try await body(deadline)))
                    } catch {
                        race.finish(.failure(error))
                    }
                }
                let timer = Task {
                    try? await Task.sleep(for: .seconds(seconds))
                    guard !Task.isCancelled, deadline.expire() else { return }
                    race.finish(.failure(gaveUp))
                }
                race.onFinish { timer.cancel() }
            }
        } onCancel: {
            if deadline.expire() { race.finish(.failure(JobStoreError.unavailable("\(what): the call was cancelled"))) }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error as JobStoreError): throw error
        case .failure(let error): throw .unavailable("\(what): \(error)")
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

/// The first result of a store call's work, its timer or its caller's cancellation, delivered once.
private final class Race<Value: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: every stored property is read and written only while `lock` is held.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<Value, any Error>, Never>?
    private var pending: Result<Value, any Error>?
    private var finishHandlers: [@Sendable () -> Void] = []

    func start(_ continuation: CheckedContinuation<Result<Value, any Error>, Never>) {
        let early = lock.withLock { () -> Result<Value, any Error>? in
            if let pending { return pending }
            self.continuation = continuation
            return nil
        }
        if let early { continuation.resume(returning: early) }
    }

    func onFinish(_ handler: @escaping @Sendable () -> Void) {
        let done = lock.withLock {
            if continuation == nil && pending != nil { return true }
            finishHandlers.append(handler)
            return false
        }
        if done { handler() }
    }

    func finish(_ result: Result<Value, any Error>) {
        let (continuation, handlers) = lock.withLock {
            () -> (CheckedContinuation<Result<Value, any Error>, Never>?, [@Sendable () -> Void]) in
            guard pending == nil else { return (nil, []) }
            pending = result
            defer {
                self.continuation = nil
                finishHandlers = []
            }
            return (self.continuation, finishHandlers)
        }
        continuation?.resume(returning: result)
        for handler in handlers { handler() }
    }
}
