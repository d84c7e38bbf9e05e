import Foundation
import Logging
import XCTest

@testable import ReelJobs

/// Log lines cannot be forged with control characters, and never show a secret.
final class LogSafetyTests: XCTestCase {
    /// Keeps what it is asked to write.
    private final class Recorder: LogHandler, @unchecked Sendable {
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        private let lock = NSLock()
        private var stored: [(message: String, metadata: Logger.Metadata, source: String, error: String?)] = []

        var lines: [(message: String, metadata: Logger.Metadata, source: String, error: String?)] {
            lock.withLock { stored }
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let line = (
                event.message.description, self.metadata.merging(event.metadata ?? [:]) { $1 }, event.source,
                event.error.map { "\($0)" }
            )
            lock.withLock { stored.append(line) }
        }
    }

    private struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func testControlCharactersAreEscapedInMessagesMetadataAndErrors() {
        let recorder = Recorder()
        var logger = Logger(label: "test") { _ in SafeLogHandler(wrapping: recorder) }
        logger[metadataKey: "job\n"] = "a\u{1B}[2J"
        let forged = "/srv/a.mp4\n2025-01-01T00:00:00 info reel.serve : admin logged in\u{0}\r\u{85}\u{7F}\u{2028}"
        logger.info("hook: job for \(forged)", metadata: ["source": "\(forged)", "list": ["x\ty"]])
        logger.error("failed", error: Failure(description: "bad\nline"))
        let lines = recorder.lines
        XCTAssertEqual(lines.count, 2)
        let first = lines[0]
        XCTAssertEqual(
            first.message,
            #"hook: job for /srv/a.mp4\n2025-01-01T00:00:00 info reel.serve : admin logged in\0\r\u{85}\u{7f}\u{2028}"#)
        XCTAssertEqual(
            first.metadata["source"], .string(first.message.replacingOccurrences(of: "hook: job for ", with: "")))
        XCTAssertEqual(first.metadata["list"], .array([.string(#"x\ty"#)]))
        XCTAssertEqual(first.metadata[#"job\n"#], .string(#"a\e[2J"#))
        XCTAssertEqual(lines[1].error, #"bad\nline"#)
        for line in lines {
            let all = line.message + "\(line.metadata)" + (line.error ?? "")
            XCTAssertFalse(SafeText.containsControl(all), all.debugDescription)
        }
    }

    func testPasswordsAndRegisteredSecretsAreRedacted() {
        XCTAssertEqual(
            Redaction.redacted(
                "listening on http://127.0.0.1:8080 (1 worker(s), postgres://reel:hunter2@db:5432/reel)"),
            "listening on http://127.0.0.1:8080 (1 worker(s), postgres://reel:***@db:5432/reel)")
        XCTAssertEqual(Redaction.redacted("postgresql://u:p%40ss@db/reel"), "postgresql://u:***@db/reel")
        XCTAssertEqual(Redaction.redacted("s3://KEY:SECRET@bucket/x"), "s3://KEY:***@bucket/x")
        XCTAssertEqual(Redaction.redacted("postgres://reel@db/reel"), "postgres://reel@db/reel")
        XCTAssertEqual(
            Redaction.redacted("POST /v1/hooks/s3?token=hook-secret-1&ladder=web"),
            "POST /v1/hooks/s3?token=***&ladder=web")
        XCTAssertEqual(
            Redaction.redacted("GET /x?X-Amz-Signature=abc123&X-Amz-Credential=AKIA%2F"),
            "GET /x?X-Amz-Signature=***&X-Amz-Credential=***")

        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY-\(UUID().uuidString)"
        Redaction.register([secret, "ab"])
        let recorder = Recorder()
        let logger = Logger(label: "test") { _ in SafeLogHandler(wrapping: recorder) }
        logger.warning("S3 said: bad key \(secret)", metadata: ["env": "AWS_SECRET_ACCESS_KEY=\(secret)"])
        let line = recorder.lines[0]
        XCTAssertEqual(line.message, "S3 said: bad key ***")
        XCTAssertFalse("\(line.metadata)".contains(secret))
        // Too short to register: ordinary words stay readable.
        XCTAssertEqual(Redaction.redacted("about"), "about")
    }
}
