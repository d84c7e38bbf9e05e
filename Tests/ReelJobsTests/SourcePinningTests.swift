import Foundation
import ReelHTTP
import ReelOutput
import XCTest

@testable import ReelCore
@testable import ReelJobs

/// A job's `http(s)` references are read from the addresses their check resolved: the policy's
/// check pins them for the job's reads.
final class SourcePinningTests: XCTestCase {
    func testAdmittedWebSourceCarriesTheCheckedAddresses() throws {
        let admitted = try SourcePolicy().admitted("HTTP://93.184.216.34:8080/a/../clip.mp4")
        XCTAssertEqual(admitted.reference, "http://93.184.216.34:8080/clip.mp4")
        XCTAssertEqual(admitted.web?.resolveEntries, ["93.184.216.34:8080:93.184.216.34"])
        XCTAssertNil(try SourcePolicy().admitted("s3://media/in.mp4").web)
        // With private networks allowed nothing is checked, so nothing is pinned.
        let open = try SourcePolicy(allowPrivateNetworks: true).admitted("http://127.0.0.1:9/x.mp4")
        XCTAssertEqual(open.web?.resolveEntries, [])
    }

    func testAJobsChecksPinItsReads() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("reel-pins-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let store = try await SQLiteJobStore.open(
            path: scratch.appendingPathComponent("jobs.db").path, takeOwnership: false)
        let job = try await store.enqueue(JobFixtures.newJob(1)).job
        for allowPrivate in [false, true] {
            let runner = JobRunner(
                store: store,
                settings: WorkerSettings(
                    policy: SourcePolicy(allowPrivateNetworks: allowPrivate),
                    location: PackageLocation(root: .directory(path: scratch.path)), environment: [:],
                    callbacks: CallbackSender(secret: nil)),
                signals: JobSignals())
            let environment = runner.packageEnvironment(for: job)
            let pins = try XCTUnwrap(environment.sourceOptions.addressPins)
            XCTAssertEqual(pins.required, !allowPrivate, "an unchecked host is read only with private networks allowed")
            let check = try XCTUnwrap(environment.checkReference)
            let checked = try check("http://93.184.216.34:8080/clip.mp4", "source")
            XCTAssertEqual(
                pins.entries(for: checked), allowPrivate ? nil : ["93.184.216.34:8080:93.184.216.34"])
            XCTAssertNil(pins.entries(for: "http://93.184.216.35:8080/clip.mp4"))
        }
        await store.close()
    }
}
