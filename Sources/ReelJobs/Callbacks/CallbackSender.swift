import Foundation
import Logging
import Metrics
import ReelOutput

/// Delivers finished jobs to their `callback_url`: a signed JSON POST, retried with exponential
/// backoff until the receiver answers 2xx or the attempts run out.
///
/// Before each attempt the URL is checked again by the source policy (normal form, no private
/// networks unless allowed), and the request goes to the addresses that check resolved, so a
/// host whose DNS answer changes in between cannot lead the request elsewhere.
public struct CallbackSender: Sendable {
    /// The HMAC secret of `Reel-Signature`; without one, callbacks carry no signature.
    public var secret: String?
    /// Deliveries tried before giving up.
    public var maxAttempts: Int
    /// The first retry's delay in seconds (doubling each time).
    public var baseDelay: Double
    /// Seconds one request may take.
    public var timeout: Double
    private let logger = Logger(label: "reel.callbacks")

    /// Creates a sender.
    /// - Parameters:
    ///   - secret: The HMAC secret, or nil to send callbacks unsigned.
    ///   - maxAttempts: Deliveries tried.
    ///   - baseDelay: The first retry's delay in seconds.
    ///   - timeout: Seconds one request may take.
    public init(secret: String?, maxAttempts: Int = 6, baseDelay: Double = 1, timeout: Double = 10) {
        self.secret = secret.flatMap { $0.isEmpty ? nil : $0 }
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.timeout = timeout
    }

    /// Posts a job to its callback URL, retrying on failure.
    /// - Parameters:
    ///   - job: The finished job.
    ///   - url: The callback URL.
    ///   - policy: The policy the URL must pass at each attempt.
    /// - Returns: Whether a delivery was acknowledged with 2xx.
    @discardableResult
    public func deliver(_ job: Job, to url: String, policy: SourcePolicy) async -> Bool {
        var delivered = false
        defer { if !delivered { Counter(label: "reel_callback_failures_total").increment() } }
        let body: Data
        do {
            body = try JobCoding.encoder.encode(job)
        } catch {
            logger.error("callback for job \(job.id): cannot encode the job: \(error)")
            return false
        }
        for attempt in 1...maxAttempts {
            var headers = [
                (name: "Content-Type", value: "application/json"), (name: "Reel-Job", value: job.id.rawValue),
                (name: "User-Agent", value: "reel"),
            ]
            if let secret {
                let signature = CallbackSignature.sign(
                    body, secret: secret, timestamp: Int(Date().timeIntervalSince1970))
                headers.append((name: CallbackSignature.header, value: signature))
            }
            let checked: CheckedWebAddress
            do {
                checked = try policy.checkCallback(url)
            } catch {
                logger.warning("callback for job \(job.id) not sent: \(error) (attempt \(attempt))")
                if error.kind != .unresolvable { return false }
                guard attempt < maxAttempts else { break }
                try? await Task.sleep(for: .seconds(baseDelay * pow(2, Double(attempt - 1))))
                continue
            }
            let outcome = await WebClient.send(
                "POST", url: checked.address.description, headers: headers, body: body, timeout: timeout,
                resolve: checked.resolveEntries)
            switch outcome {
            case .success(let response) where (200..<300).contains(response.status):
                logger.info("callback for job \(job.id) delivered to \(url) (HTTP \(response.status))")
                delivered = true
                return true
            case .success(let response):
                logger.warning("callback for job \(job.id) to \(url): HTTP \(response.status) (attempt \(attempt))")
                // A 4xx other than 408/429 will not change on retry.
                if (400..<500).contains(response.status) && response.status != 408 && response.status != 429 {
                    return false
                }
            case .failure(let failure):
                logger.warning("callback for job \(job.id): \(failure) (attempt \(attempt))")
            }
            guard attempt < maxAttempts else { break }
            let delay = baseDelay * pow(2, Double(attempt - 1))
            try? await Task.sleep(for: .seconds(delay / 2 + Double.random(in: 0...(delay / 2))))
        }
        logger.error("callback for job \(job.id) to \(url) given up after \(maxAttempts) attempts")
        return false
    }
}
