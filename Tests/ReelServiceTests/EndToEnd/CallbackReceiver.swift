import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// An HTTP endpoint in the test process that records the callbacks it receives.
final class CallbackReceiver: @unchecked Sendable {
    struct Delivery {
        let signature: String?
        let body: Data
    }

    private let lock = NSLock()
    private var received: [Delivery] = []
    private var task: Task<Void, any Error>?
    private(set) var url = ""
    /// How many deliveries to answer with 503 before accepting (to see the sender retry).
    let failFirst: Int

    init(failFirst: Int = 0) {
        self.failFirst = failFirst
    }

    /// Starts listening on a free loopback port.
    func start() async throws {
        let router = Router()
        router.post("callback") { [self] request, _ -> HTTPResponse.Status in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 22)
            let delivery = Delivery(
                signature: request.headers[HTTPField.Name("Reel-Signature")!], body: Data(body.readableBytesView))
            let count = lock.withLock {
                received.append(delivery)
                return received.count
            }
            return count <= failFirst ? .serviceUnavailable : .noContent
        }
        let port = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "test.callbacks"))
        task = Task { try await app.run() }
        for await bound in port.stream {
            url = "http://127.0.0.1:\(bound)/callback"
            break
        }
    }

    func stop() { task?.cancel() }

    /// Waits for at least `count` deliveries.
    func deliveries(atLeast count: Int, timeout: Double = 30) async throws -> [Delivery] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let current = lock.withLock { received }
            if current.count >= count { return current }
            try await Task.sleep(for: .milliseconds(100))
        }
        return lock.withLock { received }
    }
}
