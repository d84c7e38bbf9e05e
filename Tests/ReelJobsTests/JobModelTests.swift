import Foundation
import ReelCore
import ReelOutput
import ReelQuality
import XCTest

@testable import ReelJobs

final class JobModelTests: XCTestCase {
    func testSpecDefaultsWhenDecoded() throws {
        let spec = try JSONDecoder().decode(PackageJob.self, from: Data(#"{"source":"s3://b/k.mp4"}"#.utf8))
        XCTAssertEqual(spec.ladder, .preset("web"))
        XCTAssertEqual(spec.formats, [.hls, .dash])
        XCTAssertNil(spec.callbackURL)
    }

    func testTenantsNeverShareARecipe() throws {
        let ladder = try LadderCatalog().resolve("web")
        func job(owner: String?) -> Job {
            Job(
                id: JobID.make(), spec: PackageJob(source: "s3://b/k.mp4"), maxAttempts: 1, owner: owner,
                createdAt: Date(), updatedAt: Date(), runAfter: Date())
        }
        let a = PackageRecipe(ladder: ladder, job: job(owner: "tenant-a")).hash
        XCTAssertEqual(a, PackageRecipe(ladder: ladder, job: job(owner: "tenant-a")).hash)
        XCTAssertNotEqual(a, PackageRecipe(ladder: ladder, job: job(owner: "tenant-b")).hash)
        XCTAssertNotEqual(a, PackageRecipe(ladder: ladder, job: job(owner: nil)).hash)
    }

    func testAQualityReportIsPartOfTheRecipeAndRecipesWithoutOneKeepTheirHash() throws {
        let ladder = try LadderCatalog().resolve("web")
        func recipe(qualityReport: Bool) -> PackageRecipe {
            var spec = PackageJob(source: "s3://b/k.mp4")
            spec.qualityReport = qualityReport
            let job = Job(
                id: JobID.make(), spec: spec, maxAttempts: 1, owner: nil, createdAt: Date(), updatedAt: Date(),
                runAfter: Date())
            return PackageRecipe(ladder: ladder, job: job)
        }
        XCTAssertNotEqual(recipe(qualityReport: false).hash, recipe(qualityReport: true).hash)
        let plain = String(decoding: try JSONEncoder().encode(recipe(qualityReport: false)), as: UTF8.self)
        XCTAssertFalse(plain.contains("quality"), "a recipe stored before the field existed hashes the same: \(plain)")
    }

    func testTheResultLocatesTheQualityReportLikeTheManifestsAndKeepsIt() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("reel-job-quality-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let store = try await SQLiteJobStore.open(
            path: scratch.appendingPathComponent("jobs.db").path, takeOwnership: false)
        let runner = JobRunner(
            store: store,
            settings: WorkerSettings(
                location: PackageLocation(root: .directory(path: "/srv/packages")),
                publicBaseURL: "https://cdn.example/vod/", environment: [:], callbacks: CallbackSender(secret: nil)),
            signals: JobSignals())
        let destination = OutputDestination.directory(path: "/srv/packages/job-1")
        let report = QualityReportSummary(
            QualityReport(source: "k.mp4", measured: QualityReport.measuredWhilePackaging, renditions: []),
            json: "quality.json", svg: "quality.svg")
        let located = runner.qualityReportURLs(report, in: destination)
        XCTAssertEqual(located.json, "https://cdn.example/vod/job-1/quality.json")
        XCTAssertEqual(located.svg, "https://cdn.example/vod/job-1/quality.svg")
        XCTAssertEqual(
            runner.manifestURLs(["master.m3u8"], in: destination)["hls"], "https://cdn.example/vod/job-1/master.m3u8")
        var result = JobResult(
            output: "/srv/packages/job-1", manifests: [:], contentID: "c", recipe: "r", renditions: [], bytes: 1,
            duration: 1, wallTime: 1)
        result.qualityReport = located
        let json = try JSONEncoder().encode(result)
        XCTAssertTrue(String(decoding: json, as: UTF8.self).contains("\"quality_report\""))
        XCTAssertEqual(try JSONDecoder().decode(JobResult.self, from: json), result)
        await store.close()
    }
    func testCuePointsArePartOfTheRecipeAndLoudnessRoundTripsInTheResult() throws {
        let ladder = try LadderCatalog().resolve("web")
        func recipe(cues: [Double]) -> PackageRecipe {
            var spec = PackageJob(source: "s3://b/k.mp4")
            spec.cuePoints = cues
            let job = Job(
                id: JobID.make(), spec: spec, maxAttempts: 1, owner: nil, createdAt: Date(), updatedAt: Date(),
                runAfter: Date())
            return PackageRecipe(ladder: ladder, job: job)
        }
        XCTAssertNotEqual(recipe(cues: []).hash, recipe(cues: [30]).hash)
        XCTAssertNotEqual(recipe(cues: [30]).hash, recipe(cues: [31]).hash)
        let plain = String(decoding: try JSONEncoder().encode(recipe(cues: [])), as: UTF8.self)
        XCTAssertFalse(plain.contains("cue"), "a recipe stored before the field existed hashes the same: \(plain)")
        XCTAssertFalse(plain.contains("loudness"), plain)
        var loud = PackageJob(source: "s3://b/k.mp4")
        loud.loudness = LoudnessTarget(standard: .streaming)
        let loudJob = Job(
            id: JobID.make(), spec: loud, maxAttempts: 1, owner: nil, createdAt: Date(), updatedAt: Date(),
            runAfter: Date())
        XCTAssertNotEqual(PackageRecipe(ladder: ladder, job: loudJob).hash, recipe(cues: []).hash)

        let line = #"""
            {"rendition": "a128k", "standard": "ebu-r128", "target_integrated": -23, "target_true_peak": -1,
             "gain_db": 7.4, "limited": false, "input": {"integrated": -30.4, "true_peak": -9.8, "lra": 6.1},
             "output": {"integrated": -23.0, "true_peak": -2.4, "lra": 6.1}}
            """#
        var result = JobResult(
            output: "/srv/packages/job-1", manifests: [:], contentID: "c", recipe: "r", renditions: [], bytes: 1,
            duration: 1, wallTime: 1)
        result.loudness = [try JSONDecoder().decode(LoudnessSummary.self, from: Data(line.utf8))]
        XCTAssertEqual(result.loudness?.first?.input?.truePeak, -9.8)
        let json = try JSONEncoder().encode(result)
        XCTAssertTrue(String(decoding: json, as: UTF8.self).contains("\"target_true_peak\""))
        XCTAssertEqual(try JSONDecoder().decode(JobResult.self, from: json), result)
    }
}
