import Foundation

/// A completion callback in the store's outbox.
///
/// The outbox row is written in the same transaction as the job's final status (`finish`, or
/// `cancel` of a queued job) when the job has a `callback_url`, so a callback is never lost
/// between the job ending and the POST: a process that dies with deliveries pending leaves them
/// for the next process that delivers callbacks. Only the URL and the delivery's progress are
/// stored; the body and its signature are made at each attempt from the stored job, and the
/// signing secret never reaches the store.
public struct CallbackDelivery: Sendable, Equatable {
    /// Where a delivery stands.
    enum State: String, Sendable, Equatable, CaseIterable {
        /// Waiting for its next attempt (or being attempted under a claim).
        case pending
        /// A receiver acknowledged it with 2xx.
        case delivered
        /// Given up: attempts or age ran out, or the receiver refused it for good.
        case abandoned
    }

    /// The finished job, as stored now.
    var job: Job
    /// The callback URL, as the job asked for it.
    var url: String
    /// Where the delivery stands.
    var state: State
    /// Attempts claimed so far (the current claim included).
    var attempts: Int
    /// Seconds since the job reached its final status, on the store's clock.
    var age: Double
    /// Why the latest attempt failed, when one did (never a secret: a status or transport error).
    var lastError: String?

    /// Creates a delivery as a store read it.
    init(job: Job, url: String, state: State, attempts: Int, age: Double, lastError: String?) {
        self.job = job
        self.url = url
        self.state = state
        self.attempts = attempts
        self.age = age
        self.lastError = lastError
    }
}

/// How a claimed callback attempt ended, as recorded in the outbox.
public enum CallbackOutcome: Sendable, Equatable {
    /// The receiver answered 2xx: the delivery is done.
    case delivered
    /// The attempt failed; try again after `delay` seconds (on the store's clock).
    case retry(after: Double, error: String)
    /// The attempt failed and no other will be made.
    case abandoned(error: String)
}
