import Foundation
import ReelJobs
import XCTest

final class JobModelTests: XCTestCase {
    func testSpecDefaultsWhenDecoded() throws {
        let spec = try JSONDecoder().decode(JobSpec.self, from: Data(#"{"source":"s3://b/k.mp4"}"#.utf8))
        XCTAssertEqual(spec.ladder, "web")
        XCTAssertEqual(spec.formats, [.hls, .dash])
        XCTAssertNil(spec.callbackURL)
    }
}
