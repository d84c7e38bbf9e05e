import Foundation
import Hummingbird
import ReelJobs
import ServiceLifecycle

/// A job's events as Server-Sent Events: everything stored so far, then new events as they are
/// stored (woken in-process, polled for events from other processes), ending after the final
/// event (`succeeded`, `failed` or `cancelled`). A client resuming after the final event (an
/// `EventSource` reconnecting) gets an empty stream that ends at once. A comment line every 15 s
/// keeps proxies from closing an idle stream; a graceful shutdown of the server ends the stream
/// (the client reconnects to another node with `Last-Event-ID`).
struct JobEventStream: Sendable {
    let store: any JobStore
    let signals: JobSignals
    let job: JobID
    /// Resume after this sequence number (`Last-Event-ID`).
    let after: Int64
    var pollInterval: Duration = .seconds(1)
    var keepAliveInterval: Double = 15

    func write(to writer: inout any ResponseBodyWriter) async throws {
        var last = after
        var lastWrite = Date()
        try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let events = try await store.events(of: job, after: last, limit: 500)
            if events.isEmpty {
                // Nothing after `last`: a finished job has nothing more to say (unless it finished
                // between the two reads, and its final event is still to be sent).
                if try await store.job(job)?.status.isFinal ?? true {
                    if try await store.events(of: job, after: last, limit: 1).isEmpty { break }
                    continue
                }
                if Date().timeIntervalSince(lastWrite) >= keepAliveInterval {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    lastWrite = Date()
                }
                await signals.wait(for: JobSignals.events(of: job), timeout: pollInterval)
                continue
            }
            var text = ""
            for event in events {
                text += "id: \(event.sequence)\nevent: \(event.name)\n"
                for line in event.data.split(separator: "\n", omittingEmptySubsequences: false) {
                    text += "data: \(line)\n"
                }
                text += "\n"
            }
            try await writer.write(ByteBuffer(string: text))
            lastWrite = Date()
            last = events[events.count - 1].sequence
            if events.contains(where: \.isFinal) { break }
        }
        try await writer.finish(nil)
    }
}
