import Foundation
import XCTest

@testable import ReelMedia

/// moto's S3 announces an upload through SNS to `/v1/hooks/s3`; the job it makes reads the object
/// from that S3 and succeeds.
final class SNSNotificationTests: XCTestCase {
    func testS3ToSNSToHTTPNotificationMakesAJob() async throws {
        guard let python = ProcessInfo.processInfo.environment["REEL_TEST_MOTO_PYTHON"] else {
            throw XCTSkip("no moto (REEL_TEST_MOTO_PYTHON is unset; scripts/test sets it)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reel-sns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var clip = SampleClip()
        clip.width = 320
        clip.height = 180
        clip.duration = 3
        let source = directory.appendingPathComponent("talk.mp4")
        try clip.write(to: source.path)

        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../../scripts/lib/moto-s3-sns.py"
        ).standardizedFileURL
        let moto = Process()
        moto.executableURL = URL(fileURLWithPath: python)
        moto.arguments = [script.path, source.path]
        let input = Pipe()
        let output = Pipe()
        moto.standardInput = input
        moto.standardOutput = output
        moto.standardError = try FileHandle(
            forWritingTo: {
                let log = directory.appendingPathComponent("moto.log")
                _ = FileManager.default.createFile(atPath: log.path, contents: nil)
                return log
            }())
        try moto.run()
        defer {
            try? input.fileHandleForWriting.close()
            moto.terminate()
            moto.waitUntilExit()
        }
        let lines = LineReader(output.fileHandleForReading)
        let endpoint = try XCTUnwrap(lines.next()?.replacingOccurrences(of: "endpoint ", with: ""))

        let server = try ServeProcess(
            [
                "serve", "--database", "sqlite:\(directory.path)/reel.db", "--output",
                directory.appendingPathComponent("out").path,
            ],
            environment: [
                "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1",
                "AWS_ENDPOINT_URL": endpoint,
            ], log: directory.appendingPathComponent("serve.log"))
        defer { server.kill() }
        input.fileHandleForWriting.write(Data("\(server.baseURL)/v1/hooks/s3?token=\(ServeProcess.hookSecret)\n".utf8))
        let uploaded = try XCTUnwrap(lines.next())
        XCTAssertEqual(uploaded, "uploaded s3://uploads/incoming/new talk (1).mp4")

        // The notification arrives while the upload call returns; find the job it made.
        var job: [String: Any]?
        let deadline = Date().addingTimeInterval(20)
        while job == nil, Date() < deadline {
            let jobs = try await server.request("GET", "/v1/jobs").json["jobs"] as? [[String: Any]] ?? []
            job = jobs.first {
                ($0["request"] as? [String: Any])?["source"] as? String == "s3://uploads/incoming/new talk (1).mp4"
            }
            if job == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        let id = try XCTUnwrap(
            job?["id"] as? String, "no job from the SNS notification; log: \(server.log.suffix(2000))")
        let finished = try await server.waitForJob(id) {
            ($0["status"] as? String).map { $0 != "queued" && $0 != "running" } ?? false
        }
        XCTAssertEqual(finished["status"] as? String, "succeeded", "\(finished)")
    }
}
