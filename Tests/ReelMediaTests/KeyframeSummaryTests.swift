import Foundation
import ReelManifest
import XCTest

@testable import ReelMedia

/// `KeyframeSummary`: its running statistics, and the demux-only pass that feeds it.
final class KeyframeSummaryTests: XCTestCase {
    func testAFixedGOPIsConstant() {
        var builder = KeyframeSummary.Builder(timeBase: Rational(1, 12288))
        for i in 0..<30 { builder.add(Int64(i) * 2 * 12288) }
        let summary = builder.summary
        XCTAssertEqual(summary.count, 30)
        XCTAssertEqual(summary.firstTimes, [0, 2, 4, 6, 8, 10, 12, 14])
        XCTAssertEqual(summary.minInterval, 2)
        XCTAssertEqual(summary.medianInterval, 2)
        XCTAssertEqual(summary.maxInterval, 2)
        XCTAssertTrue(summary.isConstant)
    }

    func testIrregularIntervalsAndTheOrigin() {
        // MPEG-TS style: 90 kHz, the stream starting at 1.4 s, keyframes at 0, 0.5, 2.5, 4.5, 5 s.
        var builder = KeyframeSummary.Builder(timeBase: Rational(1, 90000), origin: 1.4, listed: 3)
        for t in [0, 0.5, 2.5, 4.5, 5] { builder.add(Int64(((t + 1.4) * 90000).rounded())) }
        let summary = builder.summary
        XCTAssertEqual(summary.count, 5)
        XCTAssertEqual(summary.firstTimes, [0, 0.5, 2.5], "the first three, from the origin")
        XCTAssertEqual(summary.minInterval, 0.5)
        XCTAssertEqual(summary.maxInterval, 2)
        XCTAssertEqual(summary.medianInterval, 2, "intervals 0.5, 2, 2, 0.5: the upper median")
        XCTAssertFalse(summary.isConstant)
    }

    /// Timestamps rounded to the time base (a millisecond clock at 29.97 fps) still make a fixed
    /// GOP; a difference of a frame does not.
    func testRoundingIsToleratedAndAFrameIsNot() {
        var rounded = KeyframeSummary.Builder(timeBase: Rational(1, 1000))
        for i in 0..<10 { rounded.add(Int64((Double(i) * 48 * 1001 / 30).rounded())) }  // 1601.6 ms apart
        XCTAssertEqual(rounded.summary.minInterval, 1.601)
        XCTAssertEqual(rounded.summary.maxInterval, 1.602)
        XCTAssertTrue(rounded.summary.isConstant)
        XCTAssertEqual(rounded.summary.medianInterval, 1.602)

        var offByAFrame = KeyframeSummary.Builder(timeBase: Rational(1, 25))
        for frame in [0, 50, 100, 149, 199] { offByAFrame.add(Int64(frame)) }
        XCTAssertFalse(offByAFrame.summary.isConstant)
        XCTAssertEqual(offByAFrame.summary.minInterval, 1.96)
    }

    func testNoOrOneKeyframe() {
        let empty = KeyframeSummary.Builder(timeBase: Rational(1, 25)).summary
        XCTAssertEqual(
            empty,
            KeyframeSummary(
                count: 0, firstTimes: [], minInterval: nil, medianInterval: nil, maxInterval: nil, isConstant: false))
        var one = KeyframeSummary.Builder(timeBase: Rational(1, 25), origin: 0.04)
        one.add(1)
        XCTAssertEqual(one.summary.count, 1)
        XCTAssertEqual(one.summary.firstTimes, [0])
        XCTAssertNil(one.summary.medianInterval)
        XCTAssertFalse(one.summary.isConstant)
    }

    /// A long stream keeps only the listed times and one histogram entry per distinct interval.
    func testMemoryStaysBoundedOverALongStream() {
        var builder = KeyframeSummary.Builder(timeBase: Rational(1, 90000))
        for i in 0..<(2 * 3600 / 2) { builder.add(Int64(i) * 180_000) }  // two hours, every 2 s
        let summary = builder.summary
        XCTAssertEqual(summary.count, 3600)
        XCTAssertEqual(summary.firstTimes.count, KeyframeSummary.listedTimes)
        XCTAssertTrue(summary.isConstant)
    }

    func testJSONFields() throws {
        var builder = KeyframeSummary.Builder(timeBase: Rational(1, 25))
        for frame in [0, 50, 75] { builder.add(Int64(frame)) }
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(builder.summary)) as? [String: Any])
        XCTAssertEqual(
            Set(json.keys),
            ["count", "first_times", "min_interval", "median_interval", "max_interval", "constant_interval"])
        XCTAssertEqual(json["first_times"] as? [Double], [0, 2, 3])
        XCTAssertEqual(json["constant_interval"] as? Bool, false)
    }

    /// The demux-only pass over a generated MP4 (25 fps, a keyframe every 25 frames, audio too).
    func testTheDemuxerSummarizesEveryKeyframeWithoutDecoding() throws {
        var clip = SampleClip()
        clip.width = 320
        clip.height = 240
        clip.frameRate = Rational(25, 1)
        clip.duration = 5
        clip.gopSize = 25
        clip.audioTracks = [SampleClip.AudioTrack(channels: 2, language: "eng")]
        let path = try TestPattern.scratchDirectory(self).appendingPathComponent("gop25.mp4").path
        try clip.write(to: path)
        let demuxer = try Demuxer(url: path)
        let video = try XCTUnwrap(demuxer.bestStream(.video))
        let summaries = try demuxer.keyframeSummaries(streams: [video], origin: 0)
        XCTAssertEqual(Array(summaries.keys), [video])
        let summary = try XCTUnwrap(summaries[video])
        XCTAssertEqual(summary.count, 5)
        XCTAssertEqual(summary.firstTimes, [0, 1, 2, 3, 4])
        XCTAssertEqual(summary.medianInterval, 1)
        XCTAssertTrue(summary.isConstant)
    }
}
