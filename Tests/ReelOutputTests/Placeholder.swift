import XCTest

final class ReelOutputTestsPlaceholder: XCTestCase {
    func testPlaceholder() {}
}
