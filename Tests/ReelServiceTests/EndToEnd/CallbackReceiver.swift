import Foundation
#if canImport(Glibc)
    import Glibc
#endif
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

    /// Starts listening on a loopback port.
    /// - Parameter port: The port; 0 for a free one.
    func start(port wanted: Int = 0) async throws {
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
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: wanted)),
            onServerRunning: { channel in port.continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "test.callbacks"))
        task = Task { try await app.run() }
        for await bound in port.stream {
            url = "http://127.0.0.1:\(bound)/callback"
            break
        }
    }

    func stop() { task?.cancel() }

    /// A loopback port nothing listens on now (for a receiver that is down, then started there).
    static func unusedPort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(socket, socketAddress, length) == 0 && getsockname(socket, socketAddress, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

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
