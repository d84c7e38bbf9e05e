import CFFmpeg
import ReelManifest
import XCTest

@testable import ReelMedia

/// Rationals as FFmpeg sees them: `AVRational` both ways, and timestamps rescaled between time bases.
final class RescaleTests: XCTestCase {
    func testAVRationalRoundTrip() {
        let ntsc = Rational(30000, 1001)
        XCTAssertEqual(ntsc.av.num, 30000)
        XCTAssertEqual(ntsc.av.den, 1001)
        XCTAssertEqual(Rational(ntsc.av), ntsc)
    }

    func testRescaleRoundsToNearest() {
        XCTAssertEqual(rescale(3, from: Rational(1, 30), to: Rational(1, 90000)), 9000)
        XCTAssertEqual(rescale(1001, from: Rational(1, 30000), to: Rational(1, 90000)), 3003)
        XCTAssertEqual(rescale(1, from: Rational(1, 3), to: Rational(1, 10)), 3)
        XCTAssertEqual(rescale(2, from: Rational(1, 3), to: Rational(1, 10)), 7)
        XCTAssertEqual(rescale(-3, from: Rational(1, 30), to: Rational(1, 90000)), -9000)
    }
}
