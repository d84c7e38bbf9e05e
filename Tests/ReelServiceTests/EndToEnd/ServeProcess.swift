import Foundation
import XCTest

@testable import ReelHTTP

/// `reel serve` (or `reel worker`) as a child process, the way operators run it: the test talks
/// to it over HTTP and may kill it with any signal.
final class ServeProcess: @unchecked Sendable {
    static let apiToken = "e2e-token"
    static let hookSecret = "e2e-hooks"

    private let process = Process()
    private let output = Pipe()
    /// `http://127.0.0.1:PORT` once the server listens (nil for `reel worker`).
    private(set) var baseURL = ""
    let logFile: URL

    /// Why the service could not be started.
    struct StartFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// The `reel` executable built beside the tests (or `REEL_TEST_REEL_BINARY`).
    static func executable() throws -> String {
        if let path = ProcessInfo.processInfo.environment["REEL_TEST_REEL_BINARY"] { return path }
        // The test runner is (or sits in) the build's products directory, beside `reel`.
        let runner = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("reel").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw StartFailure(description: "no reel executable near \(runner.path) (swift build --build-tests builds it)")
    }

    /// Starts `reel ARGUMENTS…` and, for `serve`, waits until it listens.
    /// - Parameters:
    ///   - arguments: The subcommand and its options (`serve` gets `--port 0` and the tokens).
    ///   - environment: Variables added to the test's own.
    ///   - log: Where stderr goes.
    init(_ arguments: [String], environment: [String: String] = [:], log: URL) throws {
        process.executableURL = URL(fileURLWithPath: try Self.executable())
        var arguments = arguments
        let serving = arguments.first == "serve"
        if serving {
            arguments += [
                "--host", "127.0.0.1", "--port", "0", "--api-token", Self.apiToken, "--hook-secret", Self.hookSecret,
            ]
        }
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        logFile = log
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        guard serving else { return }
        // The first stdout line is `listening on http://HOST:PORT`.
        guard let text = LineReader(output.fileHandleForReading).next() else {
            let log = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw StartFailure(description: "reel serve exited before listening: \(log.suffix(2000))")
        }
        guard let range = text.range(of: "http://") else {
            throw StartFailure(description: "unexpected first line from reel serve: \(text)")
        }
        baseURL = String(text[range.lowerBound...])
    }

    var pid: Int32 { process.processIdentifier }

    /// The exit status once the process has ended.
    var exitStatus: Int32 { process.terminationStatus }

    /// Sends a signal and waits for the process to end.
    func kill(_ signal: Int32 = SIGTERM) {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    deinit { kill(SIGKILL) }

    /// The stderr log so far, for failure messages.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    // MARK: HTTP

    struct Reply {
        let status: Int
        let body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One request to the service with the API token.
    func request(_ method: String, _ path: String, json: String? = nil, timeout: Double = 60) async throws -> Reply {
        var headers = [(name: "Authorization", value: "Bearer \(Self.apiToken)")]
        if json != nil { headers.append((name: "Content-Type", value: "application/json")) }
        let result = await WebClient.send(
            method, url: baseURL + path, headers: headers, body: json.map { Data($0.utf8) }, timeout: timeout)
        switch result {
        case .success(let response): return Reply(status: response.status, body: response.body)
        case .failure(let failure): throw failure
        }
    }

    /// Polls a job until `done` holds for it, failing after `timeout` seconds.
    func waitForJob(
        _ id: String, timeout: Double = 120, file: StaticString = #filePath, line: UInt = #line,
        until done: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [String: Any] = [:]
        while Date() < deadline {
            last = try await request("GET", "/v1/jobs/\(id)").json
            if done(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTFail(
            "job \(id) did not get there in \(timeout) s; last: \(last); log: \(log.suffix(3000))", file: file,
            line: line)
        return last
    }
}

/// Reads a pipe line by line.
final class LineReader {
    private let handle: FileHandle
    init(_ handle: FileHandle) { self.handle = handle }

    func next() -> String? {
        var line = Data()
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
            if byte == Data("\n".utf8) { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
    }
}
