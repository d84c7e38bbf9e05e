import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import ReelService

#if canImport(Glibc)
    import Glibc
#endif

/// Half-open connections, a slowloris head, a trickling body and an idle kept-alive connection
/// against a real listening server: each is closed within its timeout, and the server answers
/// throughout.
final class ConnectionTimeoutTests: XCTestCase {
    func testABodyDeclaredOverTheLimitIsRefusedAtOnce() async throws {
        let harness = try await ServiceHarness {
            $0.port = 0
            $0.bodyTimeout = 30
        }
        let app = harness.server.makeApplication()
        try await app.test(.live) { client in
            let port = try XCTUnwrap(client.port)
            let connection = try RawConnection(port: port)
            connection.send(
                "POST /v1/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(ServiceHarness.apiToken)\r\n"
                    + "Content-Length: 5000000\r\n\r\n{\"source\":")
            let deadline = Date().addingTimeInterval(3)
            while Date() < deadline && !connection.received.hasPrefix("HTTP/1.1 413") {
                _ = connection.isClosed
                try await Task.sleep(for: .milliseconds(50))
            }
            XCTAssertTrue(connection.received.hasPrefix("HTTP/1.1 413"), connection.received)
        }
    }

    func testSlowAndHalfOpenConnectionsAreClosedWithinTheirTimeouts() async throws {
        let harness = try await ServiceHarness {
            $0.port = 0
            $0.headerTimeout = 1
            $0.bodyTimeout = 1.5
            $0.idleTimeout = 2
        }
        let app = harness.server.makeApplication()
        try await app.test(.live) { client in
            let port = try XCTUnwrap(client.port)
            let halfOpen = try (0..<100).map { _ in try RawConnection(port: port) }
            let slowHead = try RawConnection(port: port)
            let slowBody = try RawConnection(port: port)
            slowBody.send(
                "POST /v1/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(ServiceHarness.apiToken)\r\n"
                    + "Content-Length: 1000\r\n\r\n{")
            let keptAlive = try RawConnection(port: port)
            keptAlive.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            // One byte every 200 ms: the head never completes, the body never ends.
            let trickle = Task {
                let head =
                    Array("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".utf8)
                    + Array(repeating: UInt8(ascii: "a"), count: 100)
                for byte in head {
                    if Task.isCancelled { return }
                    slowHead.send([byte])
                    slowBody.send([UInt8(ascii: " ")])
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
            defer { trickle.cancel() }

            try await Task.sleep(for: .milliseconds(700))
            // Within the timeouts everything is still open, and the server answers.
            XCTAssertTrue(halfOpen.allSatisfy { !$0.isClosed })
            XCTAssertFalse(slowHead.isClosed)
            XCTAssertTrue(keptAlive.received.hasPrefix("HTTP/1.1 200"), keptAlive.received)
            try await client.execute(uri: "/healthz", method: .get) { XCTAssertEqual($0.status, .ok) }

            try await Task.sleep(for: .milliseconds(1000))
            // Past the header timeout (1 s): half-open connections and the slowloris are gone.
            XCTAssertEqual(halfOpen.filter { !$0.isClosed }.count, 0)
            XCTAssertTrue(slowHead.isClosed)
            XCTAssertTrue(slowHead.received.hasPrefix("HTTP/1.1 408"), slowHead.received)
            XCTAssertFalse(keptAlive.isClosed, "the idle timeout is 2 s")

            try await Task.sleep(for: .milliseconds(1200))
            // Past the body timeout (1.5 s after the head) and the idle timeout (2 s after the answer).
            XCTAssertTrue(slowBody.isClosed)
            XCTAssertTrue(keptAlive.isClosed)
            // (The test client's own kept-alive connection has been closed too: ask on a new one.)
            let late = try RawConnection(port: port)
            late.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            try await Task.sleep(for: .milliseconds(300))
            XCTAssertTrue(late.received.hasPrefix("HTTP/1.1 200"), late.received)
        }
        await harness.close()
    }
}

/// A plain TCP connection to the loopback port, read without blocking.
private final class RawConnection: @unchecked Sendable {
    private let fd: Int32
    private var bytes: [UInt8] = []
    private var closed = false
    private let lock = NSLock()

    struct Failure: Error {}

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard fd >= 0, result == 0 else { throw Failure() }
    }

    deinit { close(fd) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ data: [UInt8]) {
        _ = data.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads what has arrived; true once the server has closed the connection.
    var isClosed: Bool {
        lock.withLock {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !closed {
                let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if count > 0 {
                    bytes += buffer[0..<count]
                } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                    closed = true
                } else {
                    break
                }
            }
            return closed
        }
    }

    /// What the server sent so far.
    var received: String {
        _ = isClosed
        return lock.withLock { String(decoding: bytes, as: UTF8.self) }
    }
}
