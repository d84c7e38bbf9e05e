import ReelManifest
import ReelMedia
import XCTest

@testable import ReelCore

/// Rules of the pipeline that need no media: frame-rate choice, keyframe and segment instants,
/// encoder thread shares, the containers a request writes.
final class PipelineRulesTests: XCTestCase {
    func testConstantRatesAreKept() {
        // 24 and 24000/1001 lie 0.1 % apart: each keeps its own rate.
        XCTAssertEqual(OutputFrameRate.choose(average: Rational(24, 1), base: Rational(24, 1)), Rational(24, 1))
        XCTAssertEqual(
            OutputFrameRate.choose(average: Rational(24000, 1001), base: Rational(24000, 1001)), Rational(24000, 1001))
        XCTAssertEqual(OutputFrameRate.choose(average: Rational(30, 1), base: Rational(30, 1)), Rational(30, 1))
        XCTAssertEqual(
            OutputFrameRate.choose(average: Rational(30000, 1001), base: Rational(30000, 1001)), Rational(30000, 1001))
        XCTAssertEqual(OutputFrameRate.choose(average: Rational(15, 1), base: Rational(15, 1)), Rational(15, 1))
        XCTAssertEqual(OutputFrameRate.choose(average: Rational(1, 1), base: Rational(1, 1)), Rational(1, 1))
    }

    func testVariableRatesSnapToAStandardRate() {
        // A phone clip averaging 29.4 fps on a fine timestamp grid.
        XCTAssertEqual(
            OutputFrameRate.choose(average: Rational(2940, 100), base: Rational(600, 1)), Rational(30000, 1001))
        // Frames dropped from a 30 fps grid: the base rate wins.
        XCTAssertEqual(OutputFrameRate.choose(average: Rational(41, 2), base: Rational(30, 1)), Rational(30, 1))
        // Matroska's millisecond time base reports 1000 fps as its base.
        XCTAssertEqual(OutputFrameRate.choose(average: Rational(25, 1), base: Rational(1000, 1)), Rational(25, 1))
        // Nothing known.
        XCTAssertEqual(OutputFrameRate.choose(average: Rational(0, 0), base: Rational(0, 0)), Rational(30, 1))
    }

    func testKeyframeAndSegmentInstants() {
        let timing = SegmentTiming(segmentMilliseconds: 6000, keyframeMilliseconds: 2000)
        let rate = Rational(30, 1)
        XCTAssertEqual(timing.keyframeIndex(frame: 59, rate: rate), 0)
        XCTAssertEqual(timing.keyframeIndex(frame: 60, rate: rate), 1)
        XCTAssertEqual(timing.segmentIndex(frame: 179, rate: rate), 0)
        XCTAssertEqual(timing.segmentIndex(frame: 180, rate: rate), 1)
        // 29.97: the first frame at or after 2 s is frame 60 (2.002 s); after 6 s, frame 180 (6.006 s).
        let ntsc = Rational(30000, 1001)
        XCTAssertEqual(timing.keyframeIndex(frame: 59, rate: ntsc), 0)
        XCTAssertEqual(timing.keyframeIndex(frame: 60, rate: ntsc), 1)
        XCTAssertEqual(timing.segmentIndex(frame: 180, rate: ntsc), 1)
        // Audio: 48 kHz samples.
        XCTAssertEqual(timing.segmentIndex(sample: 287_999, sampleRate: 48000), 0)
        XCTAssertEqual(timing.segmentIndex(sample: 288_000, sampleRate: 48000), 1)
        XCTAssertEqual(timing.segmentIndex(sample: -1024, sampleRate: 48000), 0)
    }

    /// A cue point starts a segment and a keyframe interval at the first frame at or after it,
    /// and the audio frame whose middle passes it; the regular grid goes on around it.
    func testCuePointsAreInstantsOfEveryRendition() {
        let timing = SegmentTiming(
            segmentMilliseconds: 6000, keyframeMilliseconds: 2000, cueMilliseconds: [3500, 12000])
        let rate = Rational(30, 1)
        // 3.5 s is frame 105: a new segment and keyframe interval there, not one frame earlier.
        XCTAssertEqual(timing.segmentIndex(frame: 104, rate: rate), 0)
        XCTAssertEqual(timing.segmentIndex(frame: 105, rate: rate), 1)
        XCTAssertNotEqual(timing.keyframeIndex(frame: 104, rate: rate), timing.keyframeIndex(frame: 105, rate: rate))
        // 6 s still cuts.
        XCTAssertEqual(timing.segmentIndex(frame: 179, rate: rate), 1)
        XCTAssertEqual(timing.segmentIndex(frame: 180, rate: rate), 2)
        // A cue on the grid (12 s) is one cut: indices only grow.
        XCTAssertLessThan(timing.segmentIndex(frame: 359, rate: rate), timing.segmentIndex(frame: 360, rate: rate))
        XCTAssertEqual(timing.segmentIndex(frame: 360, rate: rate), timing.segmentIndex(frame: 361, rate: rate))
        // 29.97 fps: 3.5 s falls between frames 104 (3.470 s) and 105 (3.5035 s).
        let ntsc = Rational(30000, 1001)
        XCTAssertEqual(timing.segmentIndex(frame: 104, rate: ntsc), 0)
        XCTAssertEqual(timing.segmentIndex(frame: 105, rate: ntsc), 1)
        // Audio at 48 kHz: sample 168 000 is 3.5 s.
        XCTAssertEqual(timing.segmentIndex(sample: 167_999, sampleRate: 48000), 0)
        XCTAssertEqual(timing.segmentIndex(sample: 168_000, sampleRate: 48000), 1)
    }

    func testThreadsFollowPixelLoad() {
        let rung = VideoRung(name: "x", width: nil, height: nil, bitrate: 1)
        let rungs = [(1920, 1080), (1280, 720), (854, 480), (640, 360)].map {
            PlannedRung(rung: rung, width: $0.0, height: $0.1, frameRate: Rational(30, 1))
        }
        // One thread per core in all: on 2 cores the four rungs side by side keep both busy.
        XCTAssertEqual(EncoderConfiguration.threadShares(rungs, cores: 2), [1, 1, 1, 1])
        XCTAssertEqual(EncoderConfiguration.threadShares(rungs, cores: 16), [9, 4, 2, 1])
        XCTAssertEqual(EncoderConfiguration.threadShares([rungs[0]], cores: 2), [2])
        XCTAssertEqual(RenditionPlan.videoDecoderThreads(cores: 2), 1)
        XCTAssertEqual(RenditionPlan.videoDecoderThreads(cores: 16), 4)
    }

    func testRungsOfOneSizeAndRateShareTheirPictures() {
        let rung = VideoRung(name: "x", width: nil, height: nil, bitrate: 1)
        func planned(_ sizes: [(Int, Int, Rational)]) -> [PlannedRung] {
            sizes.map { PlannedRung(rung: rung, width: $0.0, height: $0.1, frameRate: $0.2) }
        }
        let thirty = Rational(30, 1)
        // Every rung scales the source itself: no two have the same picture.
        let web = planned([(1920, 1080, thirty), (1280, 720, thirty), (854, 480, thirty), (640, 360, thirty)])
        XCTAssertEqual(SharedPictures.sources(of: web), [nil, nil, nil, nil])
        // Apple's ladders: several bitrates of one size share the first one's pictures.
        let apple = planned([
            (768, 432, thirty), (768, 432, thirty), (1280, 720, thirty), (1280, 720, thirty), (1280, 720, thirty),
        ])
        XCTAssertEqual(SharedPictures.sources(of: apple), [nil, 0, nil, 2, 2])
        // A copied rung has no frames: the next rung of its size scales the source itself.
        XCTAssertEqual(SharedPictures.sources(of: apple, copied: 2), [nil, 0, nil, nil, 3])
        // Another frame rate is another picture; 29.97 written two ways is one rate.
        let rates = planned([
            (1280, 720, Rational(30000, 1001)), (1280, 720, Rational(15000, 1001)), (1280, 720, Rational(60000, 2002)),
        ])
        XCTAssertEqual(SharedPictures.sources(of: rates), [nil, nil, 0])
        // Only the same size in both directions.
        let sizes = planned([(1280, 720, thirty), (1280, 704, thirty), (1248, 720, thirty)])
        XCTAssertEqual(SharedPictures.sources(of: sizes), [nil, nil, nil])
    }

    func testContainersFollowFormats() {
        let ladder = Ladder(name: "t", video: nil, rungs: [], audio: [])
        XCTAssertEqual(PackageRequest(source: "x", ladder: ladder).containers, [.fmp4])
        XCTAssertEqual(PackageRequest(source: "x", ladder: ladder, hlsSegments: .ts).containers, [.fmp4, .ts])
        XCTAssertEqual(
            PackageRequest(source: "x", ladder: ladder, formats: [.hls], hlsSegments: .ts).containers, [.ts])
        XCTAssertEqual(
            PackageRequest(source: "x", ladder: ladder, formats: [.dash], hlsSegments: .ts).containers, [.fmp4])
    }
}
