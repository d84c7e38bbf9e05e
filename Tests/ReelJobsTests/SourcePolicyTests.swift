import Foundation
import ReelCore
import ReelOutput
import XCTest

@testable import ReelJobs

final class SourcePolicyTests: XCTestCase {
    func testPrefixesNameSchemesBucketsAndDirectories() throws {
        let policy = SourcePolicy(allowedPrefixes: ["s3://uploads/", "/srv/tusd/", "https://media.example.com/in/"])
        XCTAssertNoThrow(try policy.check("s3://uploads/a/b.mp4"))
        XCTAssertThrowsError(try policy.check("s3://uploads-other/a.mp4"))
        XCTAssertThrowsError(try policy.check("s3://private/a.mp4"))
        XCTAssertNoThrow(try policy.check("/srv/tusd/abc"))
        XCTAssertNoThrow(try policy.check("file:///srv/tusd/abc"))
        XCTAssertThrowsError(try policy.check("/srv/tusd/../../etc/passwd")) { error in
            XCTAssertTrue("\(error)".contains("not allowed"), "\(error)")
        }
        XCTAssertThrowsError(try policy.check("/srv/tusdx/abc"))
        XCTAssertThrowsError(try policy.check("data:video/mp4;base64,AAAA"))
        XCTAssertThrowsError(try policy.check("https://media.example.com/other/a.mp4"))
        XCTAssertThrowsError(try policy.check("https://media.example.com.evil.org/in/a.mp4"))
    }

    func testSymbolicLinksCannotLeaveAnAllowedDirectory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("reel-policy-\(UUID().uuidString)")
        let allowed = root.appendingPathComponent("allowed")
        try FileManager.default.createDirectory(at: allowed, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("x".utf8).write(to: root.appendingPathComponent("secret"))
        try FileManager.default.createSymbolicLink(
            at: allowed.appendingPathComponent("link"), withDestinationURL: root.appendingPathComponent("secret"))
        let policy = SourcePolicy(allowedPrefixes: [allowed.path + "/"])
        XCTAssertThrowsError(try policy.check(allowed.appendingPathComponent("link").path))
    }

    func testPrivateAddressesAreRefusedUnlessAllowed() throws {
        let policy = SourcePolicy()
        for url in [
            "http://127.0.0.1:9000/a.mp4", "http://localhost/a.mp4", "http://10.1.2.3/a.mp4",
            "http://169.254.169.254/latest",
            "http://192.168.1.1/a", "http://172.20.0.1/a", "http://[::1]/a", "http://[::ffff:127.0.0.1]/a",
            "http://100.64.0.1/a", "http://0.0.0.0/a",
        ] {
            XCTAssertThrowsError(try policy.check(url), url) { error in
                XCTAssertTrue("\(error)".contains("non-public"), "\(url): \(error)")
            }
        }
        XCTAssertNoThrow(try SourcePolicy(allowPrivateNetworks: true).check("http://127.0.0.1:9000/a.mp4"))
        XCTAssertNoThrow(try policy.check("http://93.184.216.34/a.mp4"))
    }

    func testPackageLocationStaysInsideTheDestination() throws {
        let location = PackageLocation(root: .directory(path: "/srv/packages"))
        XCTAssertEqual(try location.destination(for: nil, jobID: JobID("j1")), .directory(path: "/srv/packages/j1"))
        XCTAssertEqual(
            try location.destination(for: "shows/ep1/", jobID: JobID("j1")), .directory(path: "/srv/packages/shows/ep1")
        )
        XCTAssertEqual(
            try location.destination(for: "ep1.zip", jobID: JobID("j1")), .zip(path: "/srv/packages/ep1.zip"))
        for bad in ["../x", "/etc", "a/../../b", "", "a//b"] {
            XCTAssertThrowsError(try location.destination(for: bad, jobID: JobID("j1")), bad)
        }
        let s3 = PackageLocation(root: .s3(bucket: "media", prefix: "packages/"))
        XCTAssertEqual(
            try s3.destination(for: "ep1", jobID: JobID("j1")), .s3(bucket: "media", prefix: "packages/ep1/"))
        XCTAssertThrowsError(try s3.destination(for: "ep1.zip", jobID: JobID("j1")))
    }

    func testCallbackSignatureMatchesHMACSHA256OfTimestampDotBody() {
        let body = Data(#"{"id":"j1"}"#.utf8)
        let header = CallbackSignature.sign(body, secret: "whsec", timestamp: 1_700_000_000)
        XCTAssertEqual(header, "t=1700000000,v1=d218568bf21390bf7e850a94a19b7d1a65e0076e9804be1a6173432467acdfed")
        XCTAssertTrue(CallbackSignature.verify(header, body: body, secret: "whsec", now: 1_700_000_100))
        XCTAssertFalse(CallbackSignature.verify(header, body: body, secret: "other", now: 1_700_000_100))
        XCTAssertFalse(CallbackSignature.verify(header, body: Data("{}".utf8), secret: "whsec", now: 1_700_000_100))
        XCTAssertFalse(CallbackSignature.verify(header, body: body, secret: "whsec", now: 1_700_009_000))
    }

    func testRetryBackoffGrowsAndIsCapped() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: 10, maxDelay: 60)
        let now = Date(timeIntervalSince1970: 0)
        XCTAssertEqual(policy.nextRun(after: 1, now: now).timeIntervalSince1970, 10, accuracy: 2.01)
        XCTAssertEqual(policy.nextRun(after: 2, now: now).timeIntervalSince1970, 20, accuracy: 4.01)
        XCTAssertEqual(policy.nextRun(after: 9, now: now).timeIntervalSince1970, 60, accuracy: 12.01)
    }
}
