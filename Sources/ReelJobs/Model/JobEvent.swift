import Foundation

/// One stored event of a job, in the order the store numbered it.
///
/// Status changes are written by the store itself (`queued`, `retrying`, and the final
/// `succeeded`, `failed` or `cancelled`, whose data is the job); the worker adds the packaging
/// events (`started`, `progress`, `segment`, `manifest`, `warning`, `completed`).
public struct JobEvent: Sendable, Equatable, Codable {
    /// Increases with every event the store writes (across jobs); SSE sends it as `id:`.
    public var sequence: Int64
    var jobID: JobID
    /// The event name (SSE `event:`).
    public var name: String
    /// The event as JSON text (SSE `data:`).
    public var data: String
    var time: Date

    /// Creates an event.
    init(sequence: Int64, jobID: JobID, name: String, data: String, time: Date) {
        self.sequence = sequence
        self.jobID = jobID
        self.name = name
        self.data = data
        self.time = time
    }

    /// The names of the events that end a job's stream.
    static let finalNames: Set<String> = ["succeeded", "failed", "cancelled"]

    /// Whether this event ends the job's stream.
    public var isFinal: Bool { Self.finalNames.contains(name) }

    enum CodingKeys: String, CodingKey {
        case sequence, name, data, time
        case jobID = "job_id"
    }
}
