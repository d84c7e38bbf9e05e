import XCTest

@testable import ReelManifest

final class RationalTests: XCTestCase {
    func testReducedIsInLowestTerms() {
        XCTAssertEqual(Rational(6, 4).reduced, Rational(3, 2))
        XCTAssertEqual(Rational(30000, 1001).reduced, Rational(30000, 1001))
        XCTAssertEqual(Rational(90000, 3600).reduced, Rational(25, 1))
        XCTAssertEqual(Rational(-6, 4).reduced, Rational(-3, 2))
        XCTAssertEqual(Rational(0, 5).reduced, Rational(0, 1))
        XCTAssertEqual(Rational(7, 0).reduced, Rational(1, 0))
    }

    func testValueValidityAndInverse() {
        XCTAssertEqual(Rational(30000, 1001).value, 29.97, accuracy: 0.001)
        XCTAssertEqual(Rational(1, 0).value, 0, "an invalid fraction has no value")
        XCTAssertTrue(Rational(1, 25).isValid)
        XCTAssertFalse(Rational(0, 0).isValid)
        XCTAssertFalse(Rational(-1, 25).isValid)
        XCTAssertEqual(Rational(1, 25).inverted, Rational(25, 1))
        XCTAssertEqual(Rational(64, 45).description, "64/45")
        XCTAssertEqual(Rational(24), Rational(24, 1))
    }
}
