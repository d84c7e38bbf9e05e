import Foundation
import Logging
import ReelHTTP

/// Makes one attempt at delivering a finished job to its `callback_url`: a signed JSON POST.
///
/// Before each attempt the URL is checked again by the source policy (normal form, no private
/// networks unless allowed), and the request goes to the addresses that check resolved, so a
/// host whose DNS answer changes in between cannot lead the request elsewhere. The body and its
/// `Reel-Signature` are made at the attempt from the job as stored; retries, their backoff and
/// giving up are the outbox's (`CallbackDispatcher`), within the bounds set here.
public struct CallbackSender: Sendable {
    /// How one attempt ended.
    enum Attempt: Sendable, Equatable {
        /// The receiver answered 2xx.
        case delivered(status: Int)
        /// No 2xx: why (a status or transport error, never a secret), and whether another
        /// attempt may succeed (a 4xx other than 408/429, or a URL the policy refuses, will not).
        case failed(String, retryable: Bool)
    }

    /// The HMAC secret of `Reel-Signature`; without one, callbacks carry no signature.
    var secret: String?
    /// Attempts made before giving up.
    var maxAttempts: Int
    /// The first retry's delay in seconds (doubling each time, with jitter).
    var baseDelay: Double
    /// The longest delay between two attempts, in seconds.
    var maxDelay: Double
    /// Seconds after the job ended beyond which no attempt is made.
    var maxAge: Double
    /// Seconds one request may take.
    var timeout: Double
    private let logger = Logger(label: "reel.callbacks")

    /// Creates a sender.
    /// - Parameters:
    ///   - secret: The HMAC secret, or nil to send callbacks unsigned.
    ///   - maxAttempts: Attempts made before giving up.
    ///   - baseDelay: The first retry's delay in seconds.
    ///   - maxDelay: The longest delay between attempts in seconds.
    ///   - maxAge: Seconds after the job ended beyond which no attempt is made.
    ///   - timeout: Seconds one request may take.
    public init(
        secret: String?, maxAttempts: Int = 12, baseDelay: Double = 2, maxDelay: Double = 900,
        maxAge: Double = 86_400, timeout: Double = 10
    ) {
        self.secret = secret.flatMap { $0.isEmpty ? nil : $0 }
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(self.baseDelay, maxDelay)
        self.maxAge = maxAge
        self.timeout = timeout
    }

    /// The delay before the attempt after `attempts` failed ones: `baseDelay` doubling per
    /// attempt, capped at `maxDelay`, between half and all of it (jitter).
    /// - Parameter attempts: Attempts made so far (1 after the first).
    func delay(after attempts: Int) -> Double {
        let full = min(maxDelay, baseDelay * pow(2, Double(min(max(attempts, 1), 32) - 1)))
        return full / 2 + Double.random(in: 0...(full / 2))
    }

    /// Whether another attempt is made after `attempts` failed ones, `age` seconds after the job ended.
    func retries(after attempts: Int, age: Double) -> Bool {
        attempts < maxAttempts && age < maxAge
    }

    /// Posts a job to its callback URL once.
    /// - Parameters:
    ///   - job: The finished job, as stored.
    ///   - url: The callback URL.
    ///   - policy: The policy the URL must pass now.
    /// - Returns: How the attempt ended.
    func attempt(_ job: Job, to url: String, policy: SourcePolicy) async -> Attempt {
        let body: Data
        do {
            body = try JobCoding.encoder.encode(job)
        } catch {
            return .failed("the job cannot be encoded: \(error)", retryable: false)
        }
        let checked: CheckedWebAddress
        do {
            checked = try policy.checkCallback(url)
        } catch {
            return .failed("not sent: \(error)", retryable: error.kind == .unresolvable)
        }
        var headers = [
            (name: "Content-Type", value: "application/json"), (name: "Reel-Job", value: job.id.rawValue),
            (name: "User-Agent", value: "reel"),
        ]
        if let secret {
            let signature = CallbackSignature.sign(body, secret: secret, timestamp: Int(Date().timeIntervalSince1970))
            headers.append((name: CallbackSignature.header, value: signature))
        }
        let outcome = await WebClient.send(
            "POST", url: checked.address.description, headers: headers, body: body, timeout: timeout,
            resolve: checked.resolveEntries)
        switch outcome {
        case .success(let response) where (200..<300).contains(response.status):
            logger.info("callback for job \(job.id) delivered to \(url) (HTTP \(response.status))")
            return .delivered(status: response.status)
        case .success(let response):
            // A 4xx other than 408/429 will not change on retry.
            let final = (400..<500).contains(response.status) && response.status != 408 && response.status != 429
            return .failed("HTTP \(response.status)", retryable: !final)
        case .failure(let failure):
            return .failed(failure.message, retryable: true)
        }
    }
}
