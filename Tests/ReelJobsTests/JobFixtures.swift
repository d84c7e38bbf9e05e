import Foundation
import ReelCore
import ReelManifest
import XCTest

@testable import ReelJobs

/// Specs, results and failures for the job store tests.
enum JobFixtures {
    /// A spec whose source and metadata carry `number`; it writes to `output` (the job id when nil).
    static func spec(_ number: Int = 0, output: String? = nil) -> PackageJob {
        PackageJob(
            source: "s3://media/in-\(number).mp4", ladder: .preset("web"), formats: [.hls, .dash], hlsSegments: .fmp4,
            output: output, callbackURL: "https://hooks.example/done",
            metadata: .object(["number": .number(Decimal(number)), "tags": .array([.string("a"), .null])]))
    }

    /// A job to enqueue.
    static func newJob(
        _ number: Int = 0, key: String? = nil, maxAttempts: Int = 3, output: String? = nil, owner: String? = nil,
        requestMustMatch: Bool = false
    ) -> NewJob {
        NewJob(
            spec: spec(number, output: output), idempotencyKey: key, maxAttempts: maxAttempts, owner: owner,
            requestMustMatch: requestMustMatch)
    }

    /// A succeeded job's result.
    static func result(contentID: String = "sha256-abc", recipe: String = "recipe-1", output: String = "out/")
        -> JobResult
    {
        JobResult(
            output: output, manifests: ["hls": output + "master.m3u8", "dash": output + "manifest.mpd"],
            contentID: contentID, recipe: recipe, renditions: [], bytes: 1234, duration: 10.5, wallTime: 3.25)
    }

    /// A transient failure.
    static let transient = JobFailure(kind: "transient", message: "s3 answered 503")
    /// A permanent failure.
    static let permanent = JobFailure(kind: "invalid_input", message: "in.mp4: truncated at byte 4096")
}

/// `XCTUnwrap` for values that take an `await` to get (its autoclosure cannot await).
func unwrapped<Value>(_ value: Value?, _ message: String = "", file: StaticString = #filePath, line: UInt = #line)
    throws -> Value
{
    try XCTUnwrap(value, message, file: file, line: line)
}
