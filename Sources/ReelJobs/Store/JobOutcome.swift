public import Foundation

/// How an attempt ended, as its worker reports it to the store.
public enum JobOutcome: Sendable, Equatable {
    /// The package is published: the job succeeds with this result.
    case succeeded(JobResult)
    /// The job fails for good (dead letter) with this error.
    case failed(JobFailure)
    /// The attempt failed transiently: back to `queued`, claimable again after the given time.
    case retry(JobFailure, after: Date)
    /// The job was cancelled while it ran; nothing was published.
    case cancelled
    /// The worker gives the job back unfinished (graceful shutdown): back to `queued` at once.
    case released
}
