import XCTest

@testable import ReelManifest

/// The SCTE-35 encoder against sections encoded by the `threefive` Python package (3.1.5):
/// `SpliceInsert()` with the same fields, `Cue.encode()`, `Cue.hex()`.
final class SpliceInsertTests: XCTestCase {
    /// splice_event_id 1, out of network, program splice at pts_time 30 s (2 700 000), no
    /// duration, unique_program_id 1, avail 0/0.
    func testSpliceInsertMatchesThreefive() {
        XCTAssertEqual(
            SpliceInsert(eventID: 1, ptsTime: 2_700_000).hex.lowercased(),
            "0xfc302000000000000000fff00f05000000017fcffe002932e0000100000000cadd9ba4")
    }

    /// With a break duration of 60 s (auto return): duration_flag set, break_duration() added.
    func testSpliceInsertWithBreakDurationMatchesThreefive() {
        XCTAssertEqual(
            SpliceInsert(eventID: 2, ptsTime: 8_595_000, breakDuration: 5_400_000).hex.lowercased(),
            "0xfc302500000000000000fff01405000000027feffe00832638fe005265c0000100000000f8c823d8")
    }

    /// CRC-32/MPEG-2's check value (the CRC of "123456789") and a section that checks to zero.
    func testCRC32MPEG2() {
        XCTAssertEqual(CRC32MPEG2.checksum(Array("123456789".utf8)), 0x0376_E6E7)
        XCTAssertEqual(CRC32MPEG2.checksum(SpliceInsert(eventID: 7, ptsTime: 1).section()), 0)
    }

    func testCueSignalsItsInstantOnThe90kHzClock() {
        let cue = CuePoint(time: 95.5, number: 2)
        XCTAssertEqual(cue.spliceInsert, SpliceInsert(eventID: 2, ptsTime: 8_595_000))
    }

    func testProgramDateTimeText() {
        XCTAssertEqual(ProgramDateTime.text(milliseconds: 0), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(ProgramDateTime.text(milliseconds: 1_796_354_100_123), "2026-12-04T03:15:00.123Z")
        XCTAssertEqual(ProgramDateTime.text(milliseconds: 951_782_400_000), "2000-02-29T00:00:00.000Z")
    }
}
