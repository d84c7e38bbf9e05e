import XCTest

final class ReelCoreTestsPlaceholder: XCTestCase {
    func testPlaceholder() {}
}
