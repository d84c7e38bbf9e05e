import Foundation
import Logging

/// Keeping the claim: heartbeats, cancel requests, and giving up a claim that cannot be renewed.
extension JobRunner {
    /// Renews the lease until cancelled; stops the attempt on a cancel request or a lost claim.
    ///
    /// A worker that cannot reach the store stops itself before its lease can run out (after three
    /// quarters of it), so that it is gone — its partial output cleaned up — before another worker
    /// can claim the job and write the same files.
    func keepLease(_ job: Job, worker: String, control: JobControl) async {
        var lastRenewal = Date()
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(settings.heartbeatInterval))
            guard !Task.isCancelled else { return }
            do {
                let status = try await store.heartbeat(
                    job.id, worker: worker, attempt: job.attempts, lease: settings.lease, progress: control.progress)
                switch status {
                case .held(let cancelRequested):
                    lastRenewal = Date()
                    if cancelRequested { control.request(.cancelled) }
                case .lost:
                    control.request(.lost)
                    return
                }
            } catch {
                // The store may come back before the lease runs out; the next beat tries again.
                logger.warning("job \(job.id): heartbeat failed: \(error)")
                if Date().timeIntervalSince(lastRenewal) > settings.lease * 0.75 {
                    logger.error("job \(job.id): no heartbeat for \(Int(settings.lease * 0.75)) s; giving the job up")
                    control.request(.lost)
                    return
                }
            }
        }
    }
}
