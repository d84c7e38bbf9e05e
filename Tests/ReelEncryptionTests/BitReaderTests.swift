import XCTest

@testable import ReelEncryption

final class BitReaderTests: XCTestCase {
    func testExpGolombCodesReadAsH264Writes() throws {
        // 1 | 010 | 011 | 00100 | 00101: ue 0, 1, 2, 3, 4; then se from 010 (+1) and 011 (-1).
        var reader = BitReader([0b1010_0110, 0b0100_0010, 0b1010_0110])
        XCTAssertEqual(try reader.unsignedGolomb(), 0)
        XCTAssertEqual(try reader.unsignedGolomb(), 1)
        XCTAssertEqual(try reader.unsignedGolomb(), 2)
        XCTAssertEqual(try reader.unsignedGolomb(), 3)
        XCTAssertEqual(try reader.unsignedGolomb(), 4)
        XCTAssertEqual(try reader.signedGolomb(), 1)
        XCTAssertEqual(try reader.signedGolomb(), -1)
        XCTAssertEqual(reader.position, 23)
        XCTAssertThrowsError(try reader.bits(3))
    }
}
