import XCTest

@testable import ReelCore

final class BitrateTests: XCTestCase {
    func testParsesSuffixesExactly() {
        XCTAssertEqual(Bitrate.parse("5000k"), 5_000_000)
        XCTAssertEqual(Bitrate.parse("5000K"), 5_000_000)
        XCTAssertEqual(Bitrate.parse("5.35M"), 5_350_000)
        XCTAssertEqual(Bitrate.parse("128000"), 128_000)
        XCTAssertEqual(Bitrate.parse("155.15k"), 155_150)
        XCTAssertEqual(Bitrate.parse("217.5k"), 217_500)
        XCTAssertEqual(Bitrate.parse("1G"), 1_000_000_000)
        XCTAssertEqual(Bitrate.parse("0.5M"), 500_000)
        XCTAssertEqual(Bitrate.parse("1.2340k"), 1_234, "trailing zeros below one bit are fine")
        XCTAssertEqual(Bitrate.parse("0"), 0, "zero parses; the loader rejects it as not positive")
    }

    func testRejectsMalformedText() {
        for text in [
            "", "k", "fast", "5000kb", "5 000k", "-5k", "1e6", "5m", ".5M", "5.M", "1.5", "1.2345k", "0x10",
            "5000k5", "99999999999999999999", "9999999999999G",
        ] {
            XCTAssertNil(Bitrate.parse(text), text)
        }
    }

    func testFormatsAsPresetsWriteThem() {
        XCTAssertEqual(Bitrate.format(5_000_000), "5000k")
        XCTAssertEqual(Bitrate.format(155_150), "155.15k")
        XCTAssertEqual(Bitrate.format(128_000), "128k")
        XCTAssertEqual(Bitrate.format(1_001), "1.001k")
        XCTAssertEqual(Bitrate.format(999), "999")
        for value in [1, 999, 1_000, 155_150, 5_350_000, 16_800_000] {
            XCTAssertEqual(Bitrate.parse(Bitrate.format(value)), value, "round trip of \(value)")
        }
    }
}
