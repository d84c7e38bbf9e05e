import XCTest

@testable import ReelCore

/// Schema and validation of `LadderLoader`: every error names the line, column and field of the offending node.
final class LadderLoaderTests: XCTestCase {
    /// A valid ladder; most tests change one spot of it.
    private let valid = """
        name: test
        video:
          codec: h264
          preset: veryfast
        rungs:
          - {name: 720p, width: 1280, height: 720, bitrate: 3000k, maxrate: 3210k, bufsize: 4500k}
          - {name: 360p, width: 640, height: 360, bitrate: 700k}
        audio:
          - {name: 128k, bitrate: 128k}
        """

    private func replacing(_ old: String, with new: String) -> String {
        precondition(valid.contains(old), old)
        return valid.replacingOccurrences(of: old, with: new)
    }

    /// `valid` with extra lines in the video settings.
    private func withVideo(_ lines: String) -> String {
        replacing("  preset: veryfast", with: "  preset: veryfast\n" + lines)
    }

    /// Asserts that `yaml` fails at `marker` (see `LadderFixtures.position(of:in:)`), naming `field`.
    private func assertError(
        _ yaml: String, _ marker: String, _ field: String, _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        LadderFixtures.assertError(yaml, at: marker, field: field, message: message, file: file, line: line)
    }

    // MARK: - Valid documents

    func testLoadsMinimalLadderWithDefaults() throws {
        let ladder = try LadderLoader.load(yaml: valid)
        XCTAssertEqual(ladder.name, "test")
        XCTAssertEqual(ladder.summary, "")
        XCTAssertEqual(ladder.segmentDuration, 6)
        XCTAssertEqual(ladder.keyframeInterval, 2)
        XCTAssertEqual(
            ladder.video,
            VideoEncoderSettings(codec: .h264, preset: "veryfast", profile: nil, pixelFormat: "yuv420p"))
        XCTAssertEqual(
            ladder.rungs,
            [
                VideoRung(
                    name: "720p", width: 1280, height: 720, bitrate: 3_000_000, maxrate: 3_210_000,
                    bufsize: 4_500_000),
                VideoRung(name: "360p", width: 640, height: 360, bitrate: 700_000),
            ])
        XCTAssertEqual(ladder.audio, [AudioRendition(name: "128k", bitrate: 128_000)])
    }

    func testLoadsEveryOptionalField() throws {
        let ladder = try LadderLoader.load(
            yaml: """
                name: full
                summary: everything
                segment_duration: 4.5
                keyframe_interval: 1.5
                video:
                  codec: hevc
                  preset: slow
                  profile: main10
                  level: 5.1
                  pixel_format: yuv420p10le
                  rate_control: crf
                  crf: 22.5
                  threads: 4
                  tune: grain
                  params: {aq-mode: 3, no-sao: 1}
                rungs:
                  - name: 1080p
                    height: 1080
                    bitrate: 6M
                    maxrate: 8M
                    bufsize: 12M
                    max_fps: 29.97
                    level: "4.0"
                  - {name: 720p, width: 1280, bitrate: 3000000}
                audio:
                  - {name: surround, codec: eac3, bitrate: 384k, channels: 6, sample_rate: 48000}
                  - {name: stereo, codec: aac, bitrate: 96k, channels: 2, sample_rate: 44100}
                """)
        XCTAssertEqual(ladder.summary, "everything")
        XCTAssertEqual(ladder.segmentDuration, 4.5)
        XCTAssertEqual(ladder.keyframeInterval, 1.5)
        XCTAssertEqual(
            ladder.video,
            VideoEncoderSettings(
                codec: .hevc, preset: "slow", profile: "main10", level: "5.1", pixelFormat: "yuv420p10le",
                rateControl: .crf(22.5), threads: 4, tune: "grain", parameters: ["aq-mode": "3", "no-sao": "1"]))
        XCTAssertEqual(
            ladder.rungs,
            [
                VideoRung(
                    name: "1080p", width: nil, height: 1080, bitrate: 6_000_000, maxrate: 8_000_000,
                    bufsize: 12_000_000, maxFrameRate: 29.97, level: "4.0"),
                VideoRung(name: "720p", width: 1280, height: nil, bitrate: 3_000_000),
            ])
        XCTAssertEqual(
            ladder.audio,
            [
                AudioRendition(name: "surround", codec: .eac3, bitrate: 384_000, channels: 6, sampleRate: 48000),
                AudioRendition(name: "stereo", codec: .aac, bitrate: 96_000, channels: 2, sampleRate: 44100),
            ])
    }

    func testNullOptionalValuesCountAsAbsent() throws {
        let ladder = try LadderLoader.load(yaml: withVideo("  profile: ~\n  level:"))
        XCTAssertNil(ladder.video?.profile)
        XCTAssertNil(ladder.video?.level)
    }

    // MARK: - Error format

    func testErrorDescriptionIsOneLineWithFileLineColumnAndField() {
        let expected = #"ladders/web.yaml:7:52: rungs[1].bitrate: expected a bitrate such as 3000k or 3.5M, got "fast""#
        let yaml = replacing("bitrate: 700k", with: "bitrate: fast")
        let error = LadderFixtures.loadError(yaml, source: "ladders/web.yaml")
        XCTAssertEqual(error?.description, expected)
        XCTAssertEqual(error?.reelError, .permanent(expected))
        XCTAssertEqual(LadderError(source: "web", message: "gone").description, "web: gone")
        XCTAssertEqual(LadderError(source: "a.yaml", line: 3, column: 1, message: "bad").description, "a.yaml:3:1: bad")
    }

    // MARK: - Syntax and structure

    func testYAMLSyntaxErrorIsLocatedAndOneLine() {
        let error = LadderFixtures.loadError("name: test\nrungs: [\n  {name: a\n")
        XCTAssertEqual(error?.source, "test.yaml")
        XCTAssertEqual(error?.line, 4)
        XCTAssertTrue(error?.message.hasPrefix("YAML: ") ?? false, "\(String(describing: error))")
        XCTAssertFalse(error?.description.contains("\n") ?? true)
    }

    func testDuplicateKeyIsAnError() {
        let error = LadderFixtures.loadError("name: test\naudio: []\nname: again\n")
        XCTAssertEqual(error?.line, 1)
        XCTAssertEqual(error?.column, 1)
        XCTAssertEqual(error?.message, #"duplicate key "name""#)
    }

    func testEmptyDocumentAndNonMapping() {
        XCTAssertEqual(LadderFixtures.loadError("# nothing\n")?.message, "the document is empty")
        assertError("- web\n", "- web", "", "expected a mapping, got a list")
    }

    func testUnknownKeysAreErrors() {
        assertError(
            replacing("name: test", with: "name: test\nsegment_duraton: 6"), "segment_duraton", "segment_duraton",
            "unknown key (expected one of: name, summary, segment_duration, keyframe_interval, video, per_title, rungs, "
                + "audio)")
        assertError(replacing("bitrate: 700k", with: "bitrat: 700k"), "bitrat:", "rungs[1].bitrat", "unknown key")
        assertError(withVideo("  crf_: 23"), "crf_", "video.crf_", "unknown key")
        assertError(
            replacing("{name: 128k,", with: "{name: 128k, sample: 1,"), "sample", "audio[0].sample", "unknown key")
    }

    func testMissingRequiredKeysPointAtTheirMapping() {
        assertError(replacing("name: test\n", with: ""), "video:", "name", "is required")
        assertError(
            replacing("{name: 360p, width: 640, height: 360, bitrate: 700k}", with: "{name: 360p, width: 640}"),
            "{name: 360p", "rungs[1].bitrate", "is required")
        assertError(replacing("  codec: h264\n", with: ""), "preset:", "video.codec", "is required")
        assertError(replacing("{name: 128k, bitrate", with: "{bitrate"), "{bitrate", "audio[0].name", "is required")
    }

    func testTypeErrors() {
        assertError(
            replacing("width: 640", with: "width: wide"), "wide", "rungs[1].width", #"expected an integer, got "wide""#)
        assertError(
            replacing("width: 640", with: "width: {w: 1}"), "{w: 1}", "rungs[1].width",
            "expected an integer, got a mapping")
        assertError("name: test\nrungs: 3\n", "rungs: |3", "rungs", #"expected a list, got "3""#)
        assertError(
            replacing("name: test", with: "name: test\nsegment_duration: six"), "six", "segment_duration",
            #"expected a number, got "six""#)
    }

    // MARK: - Ladder rules

    func testNamesArePathSafe() {
        assertError(replacing("name: test", with: "name: my ladder"), "my ladder", "name", "expected a name of letters")
        assertError(replacing("{name: 360p", with: "{name: ../360p"), "../360p", "rungs[1].name", "expected a name")
        assertError(replacing("{name: 128k", with: "{name: '..'"), "'..'", "audio[0].name", "expected a name")
    }

    func testNamesAreUnique() {
        assertError(
            replacing("{name: 360p", with: "{name: 720p"), "720p, width: 640", "rungs[1].name",
            #""720p" is already the name of rungs[0]"#)
        assertError(
            replacing(
                "  - {name: 128k, bitrate: 128k}", with: "  - {name: a, bitrate: 128k}\n  - {name: a, bitrate: 64k}"),
            "a, bitrate: 64k", "audio[1].name", "already the name of audio[0]")
    }

    func testSegmentDurationIsAWholeMultipleOfKeyframeInterval() throws {
        assertError(
            replacing("name: test", with: "name: test\nsegment_duration: 5"), "segment_duration: |5",
            "segment_duration", "5 is not a whole multiple of keyframe_interval (2)")
        assertError(
            replacing("name: test", with: "name: test\nkeyframe_interval: 4"), "keyframe_interval: |4",
            "keyframe_interval", "4 does not divide segment_duration (6)")
        assertError(
            replacing("name: test", with: "name: test\nsegment_duration: 1\nkeyframe_interval: 2"),
            "segment_duration: |1", "segment_duration", "not a whole multiple")
        assertError(
            replacing("name: test", with: "name: test\nsegment_duration: -6"), "-6", "segment_duration",
            "must be greater than 0, got -6")
        let ladder = try LadderLoader.load(
            yaml: replacing("name: test", with: "name: test\nsegment_duration: 4\nkeyframe_interval: 0.5"))
        XCTAssertEqual(ladder.segmentDuration, 4)
        XCTAssertEqual(ladder.keyframeInterval, 0.5)
    }

    func testSummaryIsOneLine() {
        assertError(
            replacing("name: test", with: "name: test\nsummary: |\n  two\n  lines"), "summary: |", "summary",
            "must be one line")
    }

    func testNeedsARungOrAnAudioRendition() {
        assertError("name: test\nrungs: []\naudio: []\n", "name", "", "at least one video rung or audio rendition")
    }

    func testVideoSettingsAndRungsGoTogether() {
        assertError(
            "name: test\nrungs:\n  - {name: a, width: 640, bitrate: 1M}\n", "name", "video",
            "is required when the ladder has rungs")
        assertError(
            "name: test\nvideo: {codec: h264, preset: fast}\naudio:\n  - {name: a, bitrate: 64k}\n", "{codec",
            "video", "need at least one rung")
    }

    // MARK: - Rung rules

    func testRungSizes() {
        assertError(replacing("width: 640", with: "width: 641"), "641", "rungs[1].width", "must be even")
        assertError(
            replacing("height: 360", with: "height: 0"), "height: |0", "rungs[1].height",
            "must be between 2 and 8192, got 0")
        assertError(
            replacing("{name: 360p, width: 640, height: 360,", with: "{name: 360p,"), "{name: 360p", "rungs[1]",
            "needs a width, a height or both")
    }

    func testRungBitrates() {
        assertError(
            replacing("bitrate: 700k", with: "bitrate: 0k"), "bitrate: |0k", "rungs[1].bitrate",
            "must be greater than 0")
        assertError(
            replacing("maxrate: 3210k", with: "maxrate: 2900k"), "2900k", "rungs[0].maxrate",
            "must be at least the bitrate (3000k), got 2900k")
        assertError(
            replacing(", bufsize: 4500k", with: ""), "{name: 720p", "rungs[0].bufsize", "is required with maxrate")
        assertError(replacing("maxrate: 3210k, ", with: ""), "4500k", "rungs[0].bufsize", "needs a maxrate")
        assertError(
            replacing("bitrate: 700k", with: "bitrate: 700k, max_fps: 0"), "max_fps: |0", "rungs[1].max_fps",
            "must be greater than 0")
    }

    // MARK: - Video rules

    func testCodecPresetProfileTuneLevel() {
        assertError(
            replacing("codec: h264", with: "codec: av1"), "av1", "video.codec",
            #"unknown codec "av1" (expected one of: h264, hevc)"#)
        assertError(
            replacing("preset: veryfast", with: "preset: turbo"), "turbo", "video.preset",
            #"unknown preset for h264 "turbo""#)
        assertError(withVideo("  profile: main10"), "main10", "video.profile", "unknown profile for h264")
        assertError(
            replacing("codec: h264", with: "codec: hevc").replacingOccurrences(
                of: "preset: veryfast", with: "preset: medium\n  profile: high"),
            "high", "video.profile", #"unknown profile for hevc "high" (expected one of: main, main10)"#)
        assertError(
            withVideo("  profile: high\n  pixel_format: yuv420p10le"), "high", "video.profile",
            "profile high cannot carry pixel_format yuv420p10le (use high10)")
        assertError(
            replacing("bitrate: 700k", with: "bitrate: 700k, profile: high10"), "high10", "rungs[1].profile",
            "profile high10 cannot carry pixel_format yuv420p (use baseline, main, high)")
        assertError(withVideo("  pixel_format: yuv444p"), "yuv444p", "video.pixel_format", "unknown pixel format")
        assertError(withVideo("  tune: vivid"), "vivid", "video.tune", "unknown tune for h264")
        assertError(withVideo("  level: 4.7"), "4.7", "video.level", #"unknown level "4.7" for h264"#)
        assertError(
            replacing("bitrate: 700k", with: "bitrate: 700k, level: 1b5"), "1b5", "rungs[1].level", "unknown level")
        assertError(withVideo("  threads: -1"), "-1", "video.threads", "must be between 0 and 256, got -1")
    }

    func testRateControl() {
        assertError(withVideo("  rate_control: crf"), "codec", "video.crf", "is required with rate_control: crf")
        assertError(
            withVideo("  rate_control: crf\n  crf: 52"), "crf: |52", "video.crf", "must be between 0 and 51, got 52")
        assertError(withVideo("  crf: 23"), "crf: |23", "video.crf", "is only used with rate_control: crf")
        assertError(withVideo("  rate_control: vbr"), "vbr", "video.rate_control", "unknown rate control")
    }

    func testEncoderParameters() {
        assertError(withVideo("  params: {keyint: 48}"), "48", "video.params.keyint", "is set by Reel")
        assertError(
            withVideo("  params: {ref: '3:bframes=0'}"), "'3:", "video.params.ref", "must not contain ':' or '='")
        assertError(withVideo("  params: [ref]"), "[ref]", "video.params", "expected a mapping, got a list")
    }

    // MARK: - Audio rules

    func testAudioRules() {
        assertError(
            replacing("bitrate: 128k}", with: "bitrate: 128k, channels: 9}"), "channels: |9", "audio[0].channels",
            "must be between 1 and 8, got 9")
        assertError(
            replacing("{name: 128k,", with: "{name: 128k, codec: ac3, channels: 8,"), "channels: |8",
            "audio[0].channels", "must be between 1 and 6, got 8")
        assertError(
            replacing("bitrate: 128k}", with: "bitrate: 128k, sample_rate: 44000}"), "44000", "audio[0].sample_rate",
            "44000 Hz is not a sample rate of aac")
        assertError(
            replacing("{name: 128k,", with: "{name: 128k, codec: mp3,"), "mp3", "audio[0].codec", "unknown codec")
        assertError(
            replacing("bitrate: 128k}", with: "bitrate: loud}"), "loud", "audio[0].bitrate", "expected a bitrate")
        assertError(
            replacing("bitrate: 128k}", with: "bitrate: [128k]}"), "[128k]", "audio[0].bitrate",
            "expected a bitrate such as 3000k or 3.5M, got a list")
    }
    // MARK: - Loudness

    func testLoudnessTargetsTakeTheirStandardsDefaults() throws {
        let ladder = try LadderLoader.load(
            yaml: replacing(
                "  - {name: 128k, bitrate: 128k}",
                with: """
                      - {name: 128k, bitrate: 128k, loudness: {standard: ebu-r128}}
                      - {name: us, bitrate: 128k, loudness: {standard: atsc-a85}}
                      - {name: web, bitrate: 96k, loudness: {standard: streaming, integrated: -14, true_peak: -1.5}}
                    """))
        XCTAssertEqual(ladder.audio[0].loudness, LoudnessTarget(standard: .ebuR128, integrated: -23, truePeak: -1))
        XCTAssertEqual(ladder.audio[1].loudness, LoudnessTarget(standard: .atscA85, integrated: -24, truePeak: -2))
        XCTAssertEqual(ladder.audio[2].loudness, LoudnessTarget(standard: .streaming, integrated: -14, truePeak: -1.5))
        XCTAssertNil(try LadderLoader.load(yaml: valid).audio[0].loudness)
    }

    func testLoudnessErrorsNameTheField() {
        func ladder(_ loudness: String) -> String {
            replacing("{name: 128k, bitrate: 128k}", with: "{name: 128k, bitrate: 128k, loudness: \(loudness)}")
        }
        assertError(ladder("{standard: r128}"), "r128", "audio[0].loudness.standard", "r128")
        assertError(ladder("{integrated: -23}"), "{integrated", "audio[0].loudness.standard", "is required")
        assertError(
            ladder("{standard: streaming, integrated: 3}"), "3}", "audio[0].loudness.integrated", "between -70 and -5")
        assertError(
            ladder("{standard: streaming, true_peak: 2}"), "2}", "audio[0].loudness.true_peak", "between -9 and 0")
        assertError(ladder("{standard: streaming, lufs: -16}"), "lufs", "audio[0].loudness.lufs", "unknown key")
    }
}
