import XCTest

final class ReelManifestTestsPlaceholder: XCTestCase {
    func testPlaceholder() {}
}
