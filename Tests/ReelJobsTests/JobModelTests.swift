import Foundation
import ReelCore
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
}
