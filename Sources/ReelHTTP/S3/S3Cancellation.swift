import Foundation

/// A flag that stops the requests given it: transfers in progress end at the next libcurl
/// callback, and retry loops stop waiting.
public final class S3Cancellation: @unchecked Sendable {
    // @unchecked Sendable: `cancelled` is only accessed while `lock` is held.
    private let lock = NSLock()
    private var cancelled = false

    /// Creates a flag that is not set.
    public init() {}

    /// Whether `cancel()` was called.
    var isCancelled: Bool {
        lock.withLock { cancelled }
    }

    /// Sets the flag.
    public func cancel() {
        lock.withLock { cancelled = true }
    }
}
