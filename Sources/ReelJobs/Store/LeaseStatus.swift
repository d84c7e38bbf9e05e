/// What a heartbeat learns about a worker's claim.
public enum LeaseStatus: Sendable, Equatable {
    /// The claim holds and was extended; `cancelRequested` tells the worker to stop.
    case held(cancelRequested: Bool)
    /// The claim is gone (expired and taken by another worker, or the job ended): stop and
    /// write nothing more.
    case lost
}
