import XCTest

final class ServicePlaceholderTests: XCTestCase {
    func testNothingYet() {}
}
