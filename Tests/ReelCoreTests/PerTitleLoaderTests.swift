import XCTest

@testable import ReelCore

/// `per_title:` in a ladder preset: what it reads and every mistake it refuses, named by field.
final class PerTitleLoaderTests: XCTestCase {
    private let valid = """
        name: test
        video:
          codec: h264
          preset: veryfast
        per_title:
          target: 42
          min: 40
          min_bitrate: 300k
          max_bitrate: 6000k
          min_step: 1.5
        rungs:
          - {name: 720p, width: 1280, height: 720}
          - {name: 360p, width: 640, height: 360}
        audio:
          - {name: 128k, bitrate: 128k}
        """

    private func replacing(_ old: String, with new: String) -> String {
        precondition(valid.contains(old), old)
        return valid.replacingOccurrences(of: old, with: new)
    }

    private func assertError(
        _ yaml: String, _ marker: String, _ field: String, _ message: String, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        LadderFixtures.assertError(yaml, at: marker, field: field, message: message, file: file, line: line)
    }

    func testReadsTheSettingsAndTheirDefaults() throws {
        let ladder = try LadderLoader.load(yaml: valid, source: "test.yaml")
        let settings = try XCTUnwrap(ladder.perTitle)
        XCTAssertEqual(settings.metric, .psnr)
        XCTAssertEqual(settings.target, 42)
        XCTAssertEqual(settings.floor, 40)
        XCTAssertEqual(settings.minBitrate, 300_000)
        XCTAssertEqual(settings.maxBitrate, 6_000_000)
        XCTAssertEqual(settings.maxRungs, 2, "one rung per candidate unless told")
        XCTAssertEqual(settings.minStep, 1.5)
        XCTAssertEqual(settings.rateControl, .cappedCRF)
        XCTAssertEqual(settings.trials, PerTitleSettings.Trials())
        XCTAssertEqual(ladder.rungs.map(\.name), ["720p", "360p"], "the rungs are the candidate sizes")
        XCTAssertTrue(ladder.rungs.allSatisfy { $0.maxrate == nil && $0.crf == nil })
    }

    func testReadsEveryOptionalKey() throws {
        let ladder = try LadderLoader.load(
            yaml: replacing(
                "  target: 42\n",
                with: """
                      metric: ssim
                      max: 0.98
                      max_rungs: 3
                      rate_control: bitrate
                      trials: {samples: 3, duration: 1.5, preset: ultrafast, crf: [30, 20, 25]}

                    """
            ).replacingOccurrences(of: "min: 40", with: "min: 0.95").replacingOccurrences(
                of: "min_step: 1.5", with: "min_step: 0.005"),
            source: "test.yaml")
        let settings = try XCTUnwrap(ladder.perTitle)
        XCTAssertEqual(settings.metric, .ssim)
        XCTAssertEqual(settings.target, 0.98, "max is the target's other name")
        XCTAssertEqual(settings.floor, 0.95)
        XCTAssertEqual(settings.maxRungs, 3)
        XCTAssertEqual(settings.rateControl, .bitrate)
        XCTAssertEqual(settings.trials.samples, 3)
        XCTAssertEqual(settings.trials.duration, 1.5)
        XCTAssertEqual(settings.trials.preset, "ultrafast")
        XCTAssertEqual(settings.trials.crf, [20, 25, 30], "sorted")
    }

    func testTheShippedAutoPresetIsPerTitleOnWebSizes() throws {
        let auto = try LadderLoader.load(
            contentsOf: LadderFixtures.presetsDirectory.appendingPathComponent("auto.yaml"))
        let web = try LadderLoader.load(contentsOf: LadderFixtures.presetsDirectory.appendingPathComponent("web.yaml"))
        XCTAssertEqual(auto.rungs.map(\.width), web.rungs.map(\.width))
        XCTAssertEqual(auto.rungs.map(\.height), web.rungs.map(\.height))
        XCTAssertEqual(auto.audio, web.audio)
        XCTAssertEqual(auto.video?.codec, .h264)
        let settings = try XCTUnwrap(auto.perTitle)
        XCTAssertEqual(settings.target, 42)
        XCTAssertEqual(settings.floor, 40)
        XCTAssertEqual(settings.maxBitrate, 6_000_000)
        XCTAssertEqual(settings.maxRungs, 4)
    }

    func testRefusesWhatDoesNotFit() {
        assertError(
            replacing("  target: 42\n", with: ""), "min: 40", "per_title.target", "is required: the top rung's psnr")
        assertError(
            replacing("  target: 42\n", with: "  target: 42\n  max: 44\n"), "42", "per_title.target",
            "target and max are the same setting")
        assertError(replacing("min: 40", with: "min: 43"), "43", "per_title.min", "must be below the target (42)")
        assertError(replacing("target: 42", with: "target: 0.98"), "0.98", "per_title.target", "must be between 10")
        assertError(
            replacing("max_bitrate: 6000k", with: "max_bitrate: 200k"), "200k", "per_title.max_bitrate",
            "must be above min_bitrate (300k)")
        assertError(
            replacing("min_step: 1.5", with: "min_step: 0"), "min_step: |0", "per_title.min_step", "greater than 0")
        assertError(
            replacing("  min_step: 1.5\n", with: ""), "target: 42", "per_title.min_step", "is required")
        assertError(
            replacing("min_step: 1.5", with: "min_step: 1.5\n  max_rungs: 5"), "max_rungs: |5", "per_title.max_rungs",
            "must be between 1 and 4")
        assertError(
            replacing("min_step: 1.5", with: "min_step: 1.5\n  rate_control: vbr"), "vbr", "per_title.rate_control",
            #"unknown rate control "vbr" (expected one of: capped_crf, bitrate)"#)
        assertError(
            replacing("min_step: 1.5", with: "min_step: 1.5\n  metric: vmaf"), "vmaf", "per_title.metric",
            "unknown metric")
        assertError(
            replacing("min_step: 1.5", with: "min_step: 1.5\n  trials: {crf: [23]}"), "[23]", "per_title.trials.crf",
            "expected 2 to 8 CRF values, got 1")
        assertError(
            replacing("min_step: 1.5", with: "min_step: 1.5\n  trials: {crf: [23, 23]}"), "23]",
            "per_title.trials.crf[1]", "listed twice")
        assertError(
            replacing("min_step: 1.5", with: "min_step: 1.5\n  trials: {preset: quick}"), "quick",
            "per_title.trials.preset", "unknown preset for h264")
        assertError(
            replacing("min_step: 1.5", with: "min_step: 1.5\n  trials: {samples: 0}"), "samples: |0",
            "per_title.trials.samples", "between 1 and 20")
        assertError(
            replacing("min_step: 1.5", with: "min_step: 1.5\n  target_rungs: 3"), "target_rungs",
            "per_title.target_rungs",
            "unknown key")
    }

    func testCandidatesGiveSizesOnlyAndVideoLeavesTheRateControlToPerTitle() {
        assertError(
            replacing("{name: 360p, width: 640, height: 360}", with: "{name: 360p, width: 640, bitrate: 700k}"),
            "700k", "rungs[1].bitrate", "is chosen per source with per_title")
        assertError(
            replacing("{name: 360p, width: 640, height: 360}", with: "{name: 360p, width: 640, passthrough: auto}"),
            "auto}", "rungs[1].passthrough", "is chosen per source with per_title")
        assertError(
            replacing("  preset: veryfast", with: "  preset: veryfast\n  rate_control: crf\n  crf: 23"),
            "rate_control: |crf",
            "video.rate_control", "per_title chooses the rate control")
    }
}
