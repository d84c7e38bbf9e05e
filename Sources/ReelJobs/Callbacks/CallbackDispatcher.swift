import Foundation
import Logging
import Metrics

/// Delivers the callbacks of the store's outbox: claims the due ones with a lease, makes one
/// signed attempt at each, and records the outcome — delivered, retried later with exponential
/// backoff, or given up (`reel_callback_failures_total`) once the sender's attempts or age run out.
///
/// Every process that runs workers runs one (`WorkerPool.run`). A callback whose process died
/// before its outcome was recorded is claimed again when its lease passes, so callbacks are
/// delivered at least once; receivers tell repeats apart by `Reel-Job`.
struct CallbackDispatcher: Sendable {
    /// The store holding the outbox.
    let store: any JobStore
    /// Makes the attempts and bounds the retries.
    let sender: CallbackSender
    /// The policy callback URLs must pass at each attempt.
    let policy: SourcePolicy
    /// Woken (`JobSignals.callbacks`) when a job of this process ends.
    let signals: JobSignals
    /// The claiming process's name.
    let name: String
    /// How often the outbox is looked at without a wake-up.
    let pollInterval: Duration
    /// Deliveries claimed (and attempted concurrently) at a time.
    let batch: Int
    private let logger = Logger(label: "reel.callbacks")

    /// Creates a dispatcher.
    /// - Parameters:
    ///   - store: The store holding the outbox.
    ///   - sender: Makes the attempts and bounds the retries.
    ///   - policy: The policy callback URLs must pass.
    ///   - signals: In-process wake-ups.
    ///   - name: The claiming process's name.
    ///   - pollInterval: How often the outbox is looked at without a wake-up.
    ///   - batch: Deliveries claimed at a time.
    init(
        store: any JobStore, sender: CallbackSender, policy: SourcePolicy, signals: JobSignals, name: String,
        pollInterval: Duration = .seconds(1), batch: Int = 8
    ) {
        self.store = store
        self.sender = sender
        self.policy = policy
        self.signals = signals
        self.name = name
        self.pollInterval = pollInterval
        self.batch = max(1, batch)
    }

    /// Seconds a claim holds: longer than an attempt (policy check, connect, transfer) can take.
    var lease: Double { sender.timeout * 3 + 5 }

    /// Delivers due callbacks until `isStopping` says so or the task is cancelled.
    /// - Parameter isStopping: Polled between rounds.
    func run(until isStopping: @escaping @Sendable () -> Bool) async {
        while !isStopping() && !Task.isCancelled {
            let claimed = await deliverDue()
            if claimed < batch {
                await signals.wait(for: JobSignals.callbacks, timeout: pollInterval)
            }
        }
    }

    /// Claims the due callbacks once and attempts each of them.
    /// - Returns: How many were claimed.
    @discardableResult
    func deliverDue() async -> Int {
        let deliveries: [CallbackDelivery]
        do {
            deliveries = try await store.claimCallbacks(worker: name, lease: lease, limit: batch)
        } catch {
            logger.warning("callbacks: the outbox could not be read: \(error)")
            return 0
        }
        await withTaskGroup(of: Void.self) { group in
            for delivery in deliveries {
                group.addTask { await self.deliver(delivery) }
            }
        }
        return deliveries.count
    }

    /// Makes one attempt at a claimed delivery and records how it ended.
    private func deliver(_ delivery: CallbackDelivery) async {
        let id = delivery.job.id
        let outcome: CallbackOutcome
        switch await sender.attempt(delivery.job, to: delivery.url, policy: policy) {
        case .delivered:
            outcome = .delivered
        case .failed(let reason, let retryable)
        where retryable && sender.retries(after: delivery.attempts, age: delivery.age):
            let delay = sender.delay(after: delivery.attempts)
            logger.warning(
                "callback for job \(id): \(reason) (attempt \(delivery.attempts)); next in \(Int(delay.rounded())) s")
            outcome = .retry(after: delay, error: reason)
        case .failed(let reason, _):
            logger.error(
                "callback for job \(id) to \(delivery.url) given up after \(delivery.attempts) attempt(s): \(reason)")
            outcome = .abandoned(error: reason)
        }
        do {
            let recorded = try await store.recordCallback(
                id, worker: name, attempt: delivery.attempts, outcome: outcome)
            if case .abandoned = outcome, recorded {
                Counter(label: "reel_callback_failures_total").increment()
            }
        } catch {
            // The lease passes and the delivery is claimed again: at least once.
            logger.warning("callback for job \(id): its outcome could not be recorded: \(error)")
        }
    }
}
