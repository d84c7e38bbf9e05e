import XCTest

@testable import ReelMedia

/// The `avcC` record fMP4 headers carry, built from libx264's Annex B parameter sets.
final class AVCConfigurationTests: XCTestCase {
    /// A High-profile SPS (level 3.1) and a PPS, with 4- and 3-byte start codes.
    private let sps: [UInt8] = [0x67, 0x64, 0x00, 0x1F, 0xAC, 0xD9, 0x40, 0x50]
    private let pps: [UInt8] = [0x68, 0xEB, 0xE3, 0xCB, 0x22, 0xC0]

    func testRecordFromAnnexBParameterSets() throws {
        let annexB = [0, 0, 0, 1] + sps + [0, 0, 1] + pps
        let record = try XCTUnwrap(AVCConfiguration.record(fromAnnexB: annexB))
        XCTAssertEqual(
            record,
            [1, 0x64, 0x00, 0x1F, 0xFF, 0xE1, 0, UInt8(sps.count)] + sps + [1, 0, UInt8(pps.count)] + pps,
            "version 1, profile/compatibility/level from the SPS, 4-byte lengths, one SPS, one PPS")
        XCTAssertEqual(CodecString.avc(record), "avc1.64001f")
    }

    func testTrailingZerosBeforeAStartCodeAreNotPartOfTheUnit() throws {
        let annexB = [0, 0, 0, 1] + sps + [0, 0, 0, 0, 1] + pps
        let record = try XCTUnwrap(AVCConfiguration.record(fromAnnexB: annexB))
        XCTAssertEqual(Array(record[6..<8]), [0, UInt8(sps.count)])
    }

    func testNoRecordWithoutBothParameterSets() {
        XCTAssertNil(AVCConfiguration.record(fromAnnexB: [0, 0, 0, 1] + sps))
        XCTAssertNil(AVCConfiguration.record(fromAnnexB: [0, 0, 0, 1] + pps))
        XCTAssertNil(AVCConfiguration.record(fromAnnexB: []))
    }

    func testRecordOfARealEncoderMatchesItsSPS() throws {
        let (encoder, _) = try TestPattern.h264(seconds: 1)
        let extradata = encoder.extradata
        XCTAssertEqual(Array(extradata.prefix(4)), [0, 0, 0, 1], "libx264 gives Annex B parameter sets")
        let record = try XCTUnwrap(AVCConfiguration.record(fromAnnexB: extradata))
        let sps = try XCTUnwrap(CodecString.annexBUnits(extradata).first { ($0.first ?? 0) & 0x1F == 7 })
        XCTAssertEqual(Array(record[1..<4]), Array(sps.dropFirst().prefix(3)))
        XCTAssertEqual(CodecString.avc(record), CodecString.avc(extradata))
    }
}
