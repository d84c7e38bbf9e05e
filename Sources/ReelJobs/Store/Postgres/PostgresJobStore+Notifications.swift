import PostgresNIO

extension PostgresJobStore {
    /// The ids of jobs as events are appended to them, by any process sharing the database
    /// (`LISTEN reel_job_events`; a trigger notifies on every event insert, at commit).
    ///
    /// The stream holds one pooled connection while it is iterated and ends when the iteration
    /// is cancelled or the store closes (with `JobStoreError.unavailable` if the connection
    /// drops). A notification only says "look again": read the events with `events(of:after:limit:)`.
    /// Listening starts a moment after the call, and a dropped connection loses notifications, so
    /// an SSE stream reads the events once after subscribing and still polls now and then.
    /// - Returns: Job ids, one per appended event.
    func eventNotifications() -> AsyncThrowingStream<JobID, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: JobID.self, throwing: (any Error).self)
        let task = Task { [client, logger, configuration] in
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: PostgresSchema.eventChannel) { notifications in
                        for try await notification in notifications {
                            continuation.yield(JobID(notification.payload))
                        }
                    }
                }
                continuation.finish()
            } catch is CancellationError {
                continuation.finish()
            } catch {
                logger.debug("job event notifications ended", metadata: ["error": "\(String(reflecting: error))"])
                continuation.finish(
                    throwing: JobStoreError.unavailable(
                        "\(configuration.redactedURL): listening for job events: \(PostgresErrorText.describe(error))"))
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
