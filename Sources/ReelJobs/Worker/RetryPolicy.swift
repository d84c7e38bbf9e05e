import Foundation

/// When a transiently failed job is tried again: exponential backoff with jitter.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts a job gets in all.
    var maxAttempts: Int
    /// Seconds before the second attempt; each later one waits twice as long.
    var baseDelay: Double
    /// The longest wait, in seconds.
    var maxDelay: Double

    /// Creates a policy.
    /// - Parameters:
    ///   - maxAttempts: Attempts in all.
    ///   - baseDelay: Seconds before the second attempt.
    ///   - maxDelay: The longest wait.
    public init(maxAttempts: Int = 3, baseDelay: Double = 10, maxDelay: Double = 600) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// When the attempt after `attempt` may start.
    /// - Parameters:
    ///   - attempt: The attempt that failed (1 for the first).
    ///   - now: The current time.
    func nextRun(after attempt: Int, now: Date = Date()) -> Date {
        let delay = min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
        return now.addingTimeInterval(delay * Double.random(in: 0.8...1.2))
    }
}
