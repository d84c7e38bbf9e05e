import XCTest

@testable import ReelManifest

/// Peak (RFC 8216 §4.3.4.2), average and largest-segment bit rates.
final class BitrateStatsTests: XCTestCase {
    private func stats(seconds: [Double], sizes: [Int]) -> BitrateStats {
        let durations = seconds.map { Int64(($0 * 1000).rounded()) }
        return BitrateStats(
            rendition: RenditionFacts(
                id: "v", kind: .video, codecs: "avc1.64001f", container: .fmp4, timescale: 1000,
                initFileName: "init.mp4", segments: Fixtures.segments(durations: durations, sizes: sizes)))
    }

    /// The short last segment (812345 bytes in 2.002 s = 3246134 bit/s) is the densest, but it alone is shorter
    /// than half the target duration, so the peak comes from a qualifying window: the third segment alone
    /// (3195124) or the last two together (3207903).
    func testShortLastSegmentCountsOnlyInsideAQualifyingWindow() {
        let stats = BitrateStats(rendition: Fixtures.v720p)
        XCTAssertEqual(stats, BitrateStats(peak: 3_207_903, average: 3_024_629, maxSegment: 3_246_134))
    }

    func testAudioStats() {
        XCTAssertEqual(
            BitrateStats(rendition: Fixtures.a128k), BitrateStats(peak: 128_341, average: 128_000, maxSegment: 128_341))
    }

    /// Target 6: a 3 s run is exactly half the target and qualifies; the 9 s run of both does too.
    func testWindowBoundsAreInclusive() {
        let stats = stats(seconds: [6, 3], sizes: [600_000, 600_000])
        XCTAssertEqual(stats.peak, 1_600_000)
        XCTAssertEqual(stats.average, 1_066_667)
        XCTAssertEqual(stats.maxSegment, 1_600_000)
    }

    /// Target 6, window [3, 9]: the dense 1 s segment only counts together with a neighbour.
    func testDenseShortSegmentCountsOnlyWithANeighbour() {
        let stats = stats(seconds: [6, 1, 6], sizes: [600_000, 500_000, 600_000])
        // Best run: 6 + 1 s = 1100000 bytes in 7 s; the 1 s segment alone (4 Mbit/s) does not qualify.
        XCTAssertEqual(stats.peak, 1_257_143)
        XCTAssertEqual(stats.maxSegment, 4_000_000)
    }

    /// Content shorter than half the target has no qualifying run: the largest segment rate is used.
    func testVeryShortContentFallsBackToTheLargestSegment() {
        let stats = stats(seconds: [0.3], sizes: [30_000])
        XCTAssertEqual(stats, BitrateStats(peak: 800_000, average: 800_000, maxSegment: 800_000))
    }

    func testZeroDurationSegmentsAreSkipped() {
        let stats = stats(seconds: [6, 0], sizes: [600_000, 50])
        XCTAssertEqual(stats.maxSegment, 800_000)
        XCTAssertEqual(stats.peak, 800_067)
    }

    func testRatesRoundUp() {
        // 1001 bytes in 3 s = 2669.33 bit/s.
        XCTAssertEqual(stats(seconds: [3], sizes: [1001]).peak, 2670)
        XCTAssertEqual(stats(seconds: [3], sizes: [1001]).maxSegment, 2670)
        XCTAssertEqual(stats(seconds: [3], sizes: [1001]).average, 2669)
    }
}
