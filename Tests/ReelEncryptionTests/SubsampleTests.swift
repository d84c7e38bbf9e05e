import XCTest

@testable import ReelEncryption

final class SubsampleTests: XCTestCase {
    private func spans(_ units: [(Int, Int, Int)]) -> [NALUnitSpan] {
        units.map { NALUnitSpan(offset: $0.0, length: $0.1, clearBytes: $0.2) }
    }

    func testClearNALUnitsJoinTheNextClearPart() throws {
        // AUD (clear), SPS (clear), slice of 1005 bytes keeping 5 clear, slice of 100 keeping 5.
        let units = spans([(0, 6, 6), (6, 30, 30), (36, 1005, 5), (1041, 100, 5)])
        let cbcs = try Subsample.merging(units, sampleSize: 1141, minimumClear: 5, wholeBlocks: false, context: "s")
        XCTAssertEqual(
            cbcs, [Subsample(clearBytes: 41, protectedBytes: 1000), Subsample(clearBytes: 5, protectedBytes: 95)])
        let cenc = try Subsample.merging(units, sampleSize: 1141, minimumClear: 5, wholeBlocks: true, context: "s")
        XCTAssertEqual(
            cenc, [Subsample(clearBytes: 49, protectedBytes: 992), Subsample(clearBytes: 20, protectedBytes: 80)])
    }

    func testLongClearRunsAreCut() throws {
        // A 70000-byte SEI, then a slice, then a trailing 140000-byte clear unit.
        let units = spans([(0, 70000, 70000), (70000, 69, 5), (70069, 140_000, 140_000)])
        let subsamples = try Subsample.merging(
            units, sampleSize: 210_069, minimumClear: 5, wholeBlocks: false, context: "s")
        XCTAssertEqual(
            subsamples,
            [
                Subsample(clearBytes: 65535, protectedBytes: 0), Subsample(clearBytes: 4470, protectedBytes: 64),
                Subsample(clearBytes: 65535, protectedBytes: 0), Subsample(clearBytes: 65535, protectedBytes: 0),
                Subsample(clearBytes: 8930, protectedBytes: 0),
            ])
        XCTAssertEqual(subsamples.reduce(0) { $0 + $1.clearBytes + $1.protectedBytes }, 210_069)
    }

    func testUnitsThatDoNotTileTheSampleOrExposeHeadersAreRefused() {
        XCTAssertThrowsError(
            try Subsample.merging(
                spans([(0, 10, 5), (12, 10, 5)]), sampleSize: 22, minimumClear: 5, wholeBlocks: false,
                context: "fragment 2, sample 3")
        ) { XCTAssertTrue("\($0)".hasPrefix("fragment 2, sample 3: NAL unit at 12"), "\($0)") }
        XCTAssertThrowsError(
            try Subsample.merging(
                spans([(0, 10, 4)]), sampleSize: 10, minimumClear: 5, wholeBlocks: false, context: "s")
        ) { XCTAssertTrue("\($0)".contains("keeps 4 of 10 bytes clear"), "\($0)") }
        XCTAssertThrowsError(
            try Subsample.merging(
                spans([(0, 10, 5)]), sampleSize: 12, minimumClear: 5, wholeBlocks: false, context: "s")
        ) { XCTAssertTrue("\($0)".contains("cover 10 of the sample's 12 bytes"), "\($0)") }
    }
}
