import Foundation

/// Token buckets by key (an API token's id): each holds up to `burst` requests and refills at
/// `rate` per second; a request finding its bucket empty learns how long until it may retry.
final class RateLimiter: @unchecked Sendable {
    let rate: Double
    let burst: Double
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, at: ContinuousClock.Instant)] = [:]

    /// Creates the buckets.
    /// - Parameters:
    ///   - rate: Requests per second, on average.
    ///   - burst: Requests allowed at once.
    init(rate: Double, burst: Int) {
        self.rate = rate
        self.burst = Double(burst)
    }

    /// Takes one request from a key's bucket.
    /// - Parameters:
    ///   - key: The bucket's key.
    ///   - now: The current instant.
    /// - Returns: nil when the request may go ahead, else the seconds until one may.
    func take(_ key: String, now: ContinuousClock.Instant = .now) -> Double? {
        lock.withLock {
            var bucket = buckets[key] ?? (burst, now)
            let elapsed = now - bucket.at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            bucket = (min(burst, bucket.tokens + seconds * rate), now)
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / rate }
            bucket.tokens -= 1
            return nil
        }
    }
}
