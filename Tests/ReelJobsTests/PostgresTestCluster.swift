import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// A PostgreSQL cluster of a test's own, from the binaries in `REEL_TEST_POSTGRES_BIN`, for tests
/// that stop and restart the server. As root it runs as the `postgres` user (PostgreSQL refuses
/// root), through `setpriv`, like `scripts/lib/postgres-server.sh`.
final class PostgresTestCluster: @unchecked Sendable {
    let directory: URL
    let port: Int
    let user: String
    private let bin: URL
    private var server: Process?

    /// Creates the cluster (initdb), or throws `XCTSkip` when `REEL_TEST_POSTGRES_BIN` is unset.
    init() throws {
        guard let bin = ProcessInfo.processInfo.environment["REEL_TEST_POSTGRES_BIN"], !bin.isEmpty else {
            throw XCTSkip("no PostgreSQL binaries (REEL_TEST_POSTGRES_BIN is unset; scripts/test sets it)")
        }
        self.bin = URL(fileURLWithPath: bin)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reel-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        user = geteuid() == 0 ? "postgres" : ProcessInfo.processInfo.userName
        if geteuid() == 0 {
            try FileManager.default.setAttributes([.ownerAccountName: user], ofItemAtPath: directory.path)
        }
        port = try Self.freePort()
        let initdb = try run(
            "initdb", ["-D", directory.appendingPathComponent("data").path, "-U", user, "--auth=trust", "--no-sync"])
        initdb.waitUntilExit()
        guard initdb.terminationStatus == 0 else { throw ClusterError("initdb failed in \(directory.path)") }
    }

    /// Starts the server and waits until it accepts connections.
    func start() throws {
        server = try run(
            "postgres",
            [
                "-D", directory.appendingPathComponent("data").path, "-h", "127.0.0.1", "-p", "\(port)",
                "-k", directory.path, "-c", "fsync=off",
            ])
        let deadline = Date() + 30
        while Date() < deadline {
            let ready = try run("pg_isready", ["-q", "-h", "127.0.0.1", "-p", "\(port)", "-U", user], asServer: false)
            ready.waitUntilExit()
            if ready.terminationStatus == 0 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw ClusterError("PostgreSQL did not start on port \(port)")
    }

    /// Stops the server like a crash (SIGQUIT: immediate shutdown, recovery on the next start).
    func crash() {
        guard let server, server.isRunning else { return }
        kill(server.processIdentifier, SIGQUIT)
        server.waitUntilExit()
        self.server = nil
    }

    /// Stops the server and removes the cluster.
    func remove() {
        if let server, server.isRunning {
            kill(server.processIdentifier, SIGINT)
            server.waitUntilExit()
        }
        server = nil
        try? FileManager.default.removeItem(at: directory)
    }

    private func run(_ tool: String, _ arguments: [String], asServer: Bool = true) throws -> Process {
        let process = Process()
        let executable = bin.appendingPathComponent(tool).path
        if geteuid() == 0 && asServer {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user)", "--regid=\(user)", "--init-groups", "--", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(fd, address, length) == 0 && getsockname(fd, address, &length) == 0
            }
        }
        guard bound else { throw ClusterError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    struct ClusterError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
