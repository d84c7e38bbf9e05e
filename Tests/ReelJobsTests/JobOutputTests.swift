import Foundation
import ReelOutput
import XCTest

@testable import ReelJobs

/// A worker's package outputs never lead out of the output root through a symbolic link.
final class JobOutputTests: XCTestCase {
    func testLinksBelowTheRootAreRefusedForDirectoriesAndArchives() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("reel-job-output-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let root = scratch.appendingPathComponent("packages")
        let outside = scratch.appendingPathComponent("outside")
        for directory in [root, outside] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("job"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("taken.zip"), withDestinationURL: outside.appendingPathComponent("x"))
        let store = try await SQLiteJobStore.open(
            path: scratch.appendingPathComponent("jobs.db").path, takeOwnership: false)
        let runner = JobRunner(
            store: store,
            settings: WorkerSettings(
                location: PackageLocation(root: .directory(path: root.path)), environment: [:],
                callbacks: CallbackSender(secret: nil)),
            signals: JobSignals())
        for destination: OutputDestination in [
            .directory(path: root.appendingPathComponent("job").path),
            .directory(path: root.appendingPathComponent("job/deeper").path),
            .zip(path: root.appendingPathComponent("job/package.zip").path),
            .zip(path: root.appendingPathComponent("taken.zip").path),
        ] {
            XCTAssertThrowsError(try runner.makeOutput(destination), "\(destination)") { error in
                XCTAssertTrue("\(error)".contains("symbolic link"), "\(error)")
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path), [])
        let fine = try runner.makeOutput(.directory(path: root.appendingPathComponent("shows/a").path))
        try fine.write(Data("x".utf8), to: "x.m4s", contentType: .mp4Video)
        try fine.finish()
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("shows/a/x.m4s").path))
        await store.close()
    }
}
