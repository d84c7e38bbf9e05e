import XCTest

final class ReelIntegrationTestsPlaceholder: XCTestCase {
    func testPlaceholder() {}
}
