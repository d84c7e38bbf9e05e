public import Foundation
public import ReelHTTP
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// An S3 proxy process started by a test over the test server's storage, so a test can kill or
/// freeze its own S3 endpoint without disturbing others; stopped by PID.
public final class TestProxy: @unchecked Sendable {
    public let endpoint: URL
    private let process = Process()
    private let configPath: String

    public init(executable: String, template: String) throws {
        let port = try Self.freePort()
        endpoint = URL(string: "http://127.0.0.1:\(port)")!
        let text = try String(contentsOfFile: template, encoding: .utf8)
            .replacingOccurrences(of: "@PORT@", with: "\(port)")
        configPath = FileManager.default.temporaryDirectory.appendingPathComponent("reel-proxy-\(port).conf").path
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [configPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    public var pid: pid_t { process.processIdentifier }

    /// Waits until the proxy answers S3 requests (any S3 answer will do).
    public func waitUntilHealthy(client: S3Client, timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            do {
                _ = try client.listKeys(prefix: "")
                return
            } catch {
                if case .request(let failure) = error.reason, failure.status != nil { return }
                if Date() > deadline { throw error }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }

    /// SIGKILL: the proxy dies at once, mid-request.
    public func kill() {
        _ = Glibc.kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGSTOP: the proxy freezes; connections are accepted by the kernel but never answered.
    public func freeze() {
        _ = Glibc.kill(pid, SIGSTOP)
    }

    /// SIGCONT.
    public func resume() {
        _ = Glibc.kill(pid, SIGCONT)
    }

    public func stop() {
        if process.isRunning {
            _ = Glibc.kill(pid, SIGCONT)
            _ = Glibc.kill(pid, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: configPath)
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw XCTSkip("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
