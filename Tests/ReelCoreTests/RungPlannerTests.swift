import ReelManifest
import XCTest

@testable import ReelCore

final class RungPlannerTests: XCTestCase {
    private let web = Ladder(
        name: "web", video: VideoEncoderSettings(),
        rungs: [
            VideoRung(name: "1080p", width: 1920, height: 1080, bitrate: 5_000_000),
            VideoRung(name: "720p", width: 1280, height: 720, bitrate: 3_000_000),
            VideoRung(name: "480p", width: 854, height: 480, bitrate: 1_200_000),
            VideoRung(name: "360p", width: 640, height: 360, bitrate: 700_000),
        ],
        audio: [])

    private func source(
        _ width: Int, _ height: Int, sar: (Int, Int) = (1, 1), rotation: Int = 0, fps: Rational = Rational(30)
    ) -> SourceGeometry {
        SourceGeometry(
            width: width, height: height, sarNumerator: sar.0, sarDenominator: sar.1, rotation: rotation,
            frameRate: fps)
    }

    /// The plan as `name WxH` strings.
    private func sizes(_ source: SourceGeometry, _ ladder: Ladder? = nil) -> [String] {
        RungPlanner.plan(source: source, ladder: ladder ?? web).map { "\($0.rung.name) \($0.width)x\($0.height)" }
    }

    private func ladder(_ rungs: VideoRung...) -> Ladder {
        Ladder(name: "t", video: VideoEncoderSettings(), rungs: rungs, audio: [])
    }

    // MARK: - Sizes

    func test1080pSourceGetsEveryWebRungAtItsExactSize() {
        let plan = RungPlanner.plan(source: source(1920, 1080), ladder: web)
        XCTAssertEqual(
            plan,
            [
                PlannedRung(rung: web.rungs[0], width: 1920, height: 1080, frameRate: Rational(30)),
                PlannedRung(rung: web.rungs[1], width: 1280, height: 720, frameRate: Rational(30)),
                PlannedRung(rung: web.rungs[2], width: 854, height: 480, frameRate: Rational(30)),
                PlannedRung(rung: web.rungs[3], width: 640, height: 360, frameRate: Rational(30)),
            ])
    }

    func test720pSourceDropsTheLargerRung() {
        XCTAssertEqual(sizes(source(1280, 720)), ["720p 1280x720", "480p 854x480", "360p 640x360"])
    }

    func testSourceSmallerThanEveryRungKeepsTheSmallestAtSourceSize() {
        XCTAssertEqual(sizes(source(480, 270)), ["360p 480x270"])
    }

    func testOddSourceSizesBecomeEvenAndNeverExceedTheSource() {
        XCTAssertEqual(sizes(source(161, 121)), ["360p 160x120"])
        // 1919x1081 is a hair narrower than 16:9, so the rungs fit the box height.
        XCTAssertEqual(
            sizes(source(1919, 1081)), ["1080p 1918x1080", "720p 1278x720", "480p 852x480", "360p 640x360"])
        XCTAssertEqual(sizes(source(1922, 1080)).first, "1080p 1920x1078")
    }

    func testPortraitSourceGetsPortraitRungs() {
        XCTAssertEqual(
            sizes(source(1080, 1920)), ["1080p 1080x1920", "720p 720x1280", "480p 480x854", "360p 360x640"])
    }

    func testRotationTurnsTheDisplaySize() {
        let portrait = ["1080p 1080x1920", "720p 720x1280", "480p 480x854", "360p 360x640"]
        XCTAssertEqual(sizes(source(1920, 1080, rotation: 90)), portrait)
        XCTAssertEqual(sizes(source(1920, 1080, rotation: 270)), portrait)
        XCTAssertEqual(sizes(source(1920, 1080, rotation: -90)), portrait)
        XCTAssertEqual(sizes(source(1920, 1080, rotation: 180)).first, "1080p 1920x1080")
        XCTAssertEqual(source(1920, 1080, rotation: 90).displayWidth, 1080)
        XCTAssertEqual(source(1920, 1080, rotation: 90).displayHeight, 1920)
        XCTAssertEqual(source(1920, 1080, rotation: 450).normalizedRotation, 90)
    }

    func testSampleAspectRatioGivesTheDisplaySize() {
        // PAL 16:9 anamorphic: 720x576 with 64:45 pixels shows as 1024x576.
        let pal = source(720, 576, sar: (64, 45))
        XCTAssertEqual(pal.displayWidth, 1024)
        XCTAssertEqual(pal.displayHeight, 576)
        XCTAssertEqual(sizes(pal), ["480p 854x480", "360p 640x360"])
        // NTSC 4:3: 720x480 with 8:9 pixels shows as 640x480.
        XCTAssertEqual(sizes(source(720, 480, sar: (8, 9))), ["480p 640x480", "360p 480x360"])
        // Unknown ratios are square pixels.
        XCTAssertEqual(source(720, 576, sar: (0, 1)).displayWidth, 720)
        XCTAssertEqual(source(720, 576, sar: (0, 0)).displayWidth, 720)
    }

    func testSAROnARotatedSourceStretchesTheCodedWidth() {
        // Coded 1440x1080 with 4:3 pixels is 1920x1080, then turned to 1080x1920.
        let geometry = source(1440, 1080, sar: (4, 3), rotation: 90)
        XCTAssertEqual([geometry.displayWidth, geometry.displayHeight], [1080, 1920])
        XCTAssertEqual(sizes(geometry).first, "1080p 1080x1920")
    }

    func testNarrowerSourceFitsTheBoxHeight() {
        XCTAssertEqual(
            sizes(source(1440, 1080)), ["1080p 1440x1080", "720p 960x720", "480p 640x480", "360p 480x360"])
        // A wider one fits the box width: 2.39:1 scope.
        XCTAssertEqual(sizes(source(1920, 804)).prefix(2), ["1080p 1920x804", "720p 1280x536"])
    }

    func testWidthOrHeightOnlyRungsFollowTheDisplayAspectRatio() {
        let open = ladder(
            VideoRung(name: "h720", width: nil, height: 720, bitrate: 1),
            VideoRung(name: "w640", width: 640, height: nil, bitrate: 1))
        XCTAssertEqual(sizes(source(1920, 1080), open), ["h720 1280x720", "w640 640x360"])
        XCTAssertEqual(sizes(source(1440, 1080), open), ["h720 960x720", "w640 640x480"])
        // Portrait: the short side is the given height, the long side the given width.
        XCTAssertEqual(sizes(source(1080, 1920), open), ["h720 720x1280", "w640 360x640"])
    }

    func testDuplicateSizesAreKept() throws {
        let url = LadderFixtures.presetsDirectory.appendingPathComponent("apple-avc.yaml")
        let apple = try LadderLoader.load(contentsOf: url)
        XCTAssertEqual(
            sizes(source(1920, 1080), apple),
            [
                "234p-145k 416x234", "360p-365k 640x360", "432p-730k 768x432", "432p-1100k 768x432",
                "540p-2000k 960x540", "720p-3000k 1280x720", "720p-4500k 1280x720", "1080p-6000k 1920x1080",
                "1080p-7800k 1920x1080",
            ])
        XCTAssertEqual(sizes(source(400, 224), apple), ["234p-145k 400x224"])
    }

    func testFallbackPrefersTheSmallestBoxThenTheLowestBitrate() {
        let twins = ladder(
            VideoRung(name: "big", width: 1280, height: 720, bitrate: 1),
            VideoRung(name: "small-hi", width: 640, height: 360, bitrate: 900),
            VideoRung(name: "small-lo", width: 640, height: 360, bitrate: 500))
        XCTAssertEqual(sizes(source(320, 180), twins), ["small-lo 320x180"])
    }

    func testNothingToPlan() {
        let audioOnly = Ladder(name: "a", video: nil, rungs: [], audio: [AudioRendition(name: "a", bitrate: 1)])
        XCTAssertEqual(RungPlanner.plan(source: source(1920, 1080), ladder: audioOnly), [])
        XCTAssertEqual(RungPlanner.plan(source: source(0, 0), ladder: web), [])
    }

    /// Whatever the source, every planned size is even, within the display size and close to its aspect ratio.
    func testPlannedSizesKeepTheRulesForManySources() {
        let sides = [2, 3, 97, 160, 161, 240, 359, 360, 480, 481, 576, 720, 853, 1080, 1081, 1280, 1920, 2160, 3840]
        for width in sides {
            for height in sides {
                for rotation in [0, 90] {
                    let geometry = source(width, height, rotation: rotation)
                    let plan = RungPlanner.plan(source: geometry, ladder: web)
                    XCTAssertFalse(plan.isEmpty, "\(width)x\(height)")
                    for rung in plan {
                        let label = "\(width)x\(height) r\(rotation) → \(rung.rung.name) \(rung.width)x\(rung.height)"
                        XCTAssertTrue(rung.width % 2 == 0 && rung.height % 2 == 0, label)
                        XCTAssertGreaterThanOrEqual(min(rung.width, rung.height), 2, label)
                        if geometry.displayWidth >= 2 && geometry.displayHeight >= 2 {
                            XCTAssertLessThanOrEqual(rung.width, geometry.displayWidth, label)
                            XCTAssertLessThanOrEqual(rung.height, geometry.displayHeight, label)
                        }
                        if min(rung.width, rung.height) >= 100 {
                            let sourceAspect = Double(geometry.displayWidth) / Double(geometry.displayHeight)
                            let aspect = Double(rung.width) / Double(rung.height)
                            XCTAssertEqual(aspect / sourceAspect, 1, accuracy: 0.02, label)
                        }
                    }
                }
            }
        }
    }

    // MARK: - Frame rates

    private func rate(_ source: Rational, cap: Double?) -> Rational {
        RungPlanner.outputFrameRate(source: source, cap: cap)
    }

    func testFrameRateCapDividesBySmallestWholeNumber() {
        XCTAssertEqual(rate(Rational(60), cap: 30), Rational(30))
        XCTAssertEqual(rate(Rational(60000, 1001), cap: 30), Rational(30000, 1001))
        XCTAssertEqual(rate(Rational(50), cap: 30), Rational(25))
        XCTAssertEqual(rate(Rational(120), cap: 30), Rational(30))
        XCTAssertEqual(rate(Rational(100), cap: 30), Rational(25))
        XCTAssertEqual(rate(Rational(48), cap: 30), Rational(24))
        XCTAssertEqual(rate(Rational(60000, 1001), cap: 29.97), Rational(30000, 1001))
    }

    func testFrameRateWithinTheCapIsKept() {
        XCTAssertEqual(rate(Rational(30), cap: 30), Rational(30))
        XCTAssertEqual(rate(Rational(24000, 1001), cap: 30), Rational(24000, 1001))
        XCTAssertEqual(rate(Rational(30000, 1001), cap: 29.97), Rational(30000, 1001))
        XCTAssertEqual(rate(Rational(60), cap: nil), Rational(60))
        XCTAssertEqual(rate(Rational(120, 2), cap: nil), Rational(60), "reduced")
        XCTAssertEqual(rate(Rational(0, 0), cap: 30), Rational(0, 0), "unknown rates pass through")
    }

    func testFrameRateFallsBackToTheCapBelow75Percent() {
        XCTAssertEqual(rate(Rational(40), cap: 30), Rational(30), "40/2 = 20 < 22.5")
        XCTAssertEqual(rate(Rational(25), cap: 24), Rational(24), "25/2 = 12.5 < 18")
        XCTAssertEqual(rate(Rational(30), cap: 23.976), Rational(24000, 1001))
        XCTAssertEqual(rate(Rational(14), cap: 12.5), Rational(25, 2), "14/2 = 7 < 9.375")
        XCTAssertEqual(rate(Rational(30), cap: 12.5), Rational(10), "30/3 = 10 ≥ 9.375")
    }

    func testPlanAppliesEachRungsCap() throws {
        let capped = ladder(
            VideoRung(name: "hi", width: 1280, height: 720, bitrate: 1),
            VideoRung(name: "lo", width: 640, height: 360, bitrate: 1, maxFrameRate: 30))
        let plan = RungPlanner.plan(source: source(1920, 1080, fps: Rational(60)), ladder: capped)
        XCTAssertEqual(plan.map(\.frameRate), [Rational(60), Rational(30)])
        let ntsc = RungPlanner.plan(source: source(1920, 1080, fps: Rational(60000, 1001)), ladder: capped)
        XCTAssertEqual(ntsc.map(\.frameRate), [Rational(60000, 1001), Rational(30000, 1001)])
        let tiny = RungPlanner.plan(source: source(320, 180, fps: Rational(50)), ladder: capped)
        XCTAssertEqual(tiny, [PlannedRung(rung: capped.rungs[1], width: 320, height: 180, frameRate: Rational(25))])
    }
}
