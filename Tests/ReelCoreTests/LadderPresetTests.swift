import XCTest

@testable import ReelCore

/// The shipped presets in `ladders/` load and hold the documented ladders.
final class LadderPresetTests: XCTestCase {
    private func preset(_ name: String) throws -> Ladder {
        try LadderLoader.load(contentsOf: LadderFixtures.presetsDirectory.appendingPathComponent("\(name).yaml"))
    }

    /// A rung as (name, width, height, bitrate in kbit/s).
    private typealias Row = (name: String, width: Int, height: Int, kbps: Int)

    private func assertRungs(_ ladder: Ladder, _ rows: [Row], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(ladder.rungs.map(\.name), rows.map(\.name), file: file, line: line)
        for (rung, row) in zip(ladder.rungs, rows) {
            XCTAssertEqual(rung.width, row.width, rung.name, file: file, line: line)
            XCTAssertEqual(rung.height, row.height, rung.name, file: file, line: line)
            XCTAssertEqual(rung.bitrate, row.kbps * 1000, rung.name, file: file, line: line)
        }
    }

    /// maxrate = 107% and bufsize = 150% of the bitrate on every rung.
    private func assertVBV(_ ladder: Ladder, file: StaticString = #filePath, line: UInt = #line) {
        for rung in ladder.rungs {
            XCTAssertEqual(rung.maxrate, rung.bitrate * 107 / 100, rung.name, file: file, line: line)
            XCTAssertEqual(rung.bufsize, rung.bitrate * 3 / 2, rung.name, file: file, line: line)
        }
    }

    func testEveryShippedPresetLoadsAndIsListed() throws {
        let catalog = LadderCatalog(searchPaths: [LadderFixtures.presetsDirectory])
        XCTAssertEqual(catalog.names(), ["apple-avc", "apple-hevc", "audio-only", "auto", "web"])
        let ladders = try catalog.all()
        XCTAssertEqual(ladders.map(\.name), ["apple-avc", "apple-hevc", "audio-only", "auto", "web"])
        for ladder in ladders {
            XCTAssertFalse(ladder.summary.isEmpty, ladder.name)
            XCTAssertEqual(ladder.segmentDuration, 6, ladder.name)
            XCTAssertEqual(ladder.keyframeInterval, 2, ladder.name)
            XCTAssertTrue(
                ladder.audio.contains { $0.codec == .aac && $0.channels == 2 && $0.bitrate == 128_000 },
                "\(ladder.name) has AAC-LC stereo")
        }
    }

    func testWeb() throws {
        let web = try preset("web")
        XCTAssertEqual(web.summary, "4 H.264 rungs 360p–1080p, AAC 128k stereo")
        XCTAssertEqual(
            web.video,
            VideoEncoderSettings(codec: .h264, preset: "veryfast", profile: "high", pixelFormat: "yuv420p"))
        assertRungs(
            web,
            [
                ("1080p", 1920, 1080, 5000), ("720p", 1280, 720, 3000), ("480p", 854, 480, 1200),
                ("360p", 640, 360, 700),
            ])
        XCTAssertEqual(web.rungs.map(\.maxrate), [5_350_000, 3_210_000, 1_284_000, 749_000])
        XCTAssertEqual(web.rungs.map(\.bufsize), [7_500_000, 4_500_000, 1_800_000, 1_050_000])
        XCTAssertTrue(web.rungs.allSatisfy { $0.maxFrameRate == nil })
        XCTAssertEqual(
            web.audio, [AudioRendition(name: "128k", codec: .aac, bitrate: 128_000, channels: 2, sampleRate: 48000)])
    }

    func testAppleAVC() throws {
        let ladder = try preset("apple-avc")
        XCTAssertEqual(ladder.video?.codec, .h264)
        XCTAssertEqual(ladder.video?.profile, "high")
        XCTAssertEqual(ladder.video?.rateControl, .bitrate)
        assertRungs(
            ladder,
            [
                ("234p-145k", 416, 234, 145), ("360p-365k", 640, 360, 365), ("432p-730k", 768, 432, 730),
                ("432p-1100k", 768, 432, 1100), ("540p-2000k", 960, 540, 2000), ("720p-3000k", 1280, 720, 3000),
                ("720p-4500k", 1280, 720, 4500), ("1080p-6000k", 1920, 1080, 6000), ("1080p-7800k", 1920, 1080, 7800),
            ])
        assertVBV(ladder)
        for rung in ladder.rungs {
            XCTAssertEqual(rung.maxFrameRate, rung.height! <= 540 ? 30 : nil, rung.name)
        }
        XCTAssertEqual(ladder.audio.map(\.name), ["128k"])
    }

    func testAppleHEVC() throws {
        let ladder = try preset("apple-hevc")
        XCTAssertEqual(
            ladder.video,
            VideoEncoderSettings(codec: .hevc, preset: "fast", profile: "main", pixelFormat: "yuv420p"))
        assertRungs(
            ladder,
            [
                ("360p-145k", 640, 360, 145), ("432p-300k", 768, 432, 300), ("540p-600k", 960, 540, 600),
                ("540p-900k", 960, 540, 900), ("540p-1600k", 960, 540, 1600), ("720p-2400k", 1280, 720, 2400),
                ("720p-3400k", 1280, 720, 3400), ("1080p-4500k", 1920, 1080, 4500), ("1080p-5800k", 1920, 1080, 5800),
                ("1440p-8100k", 2560, 1440, 8100), ("2160p-11600k", 3840, 2160, 11600),
                ("2160p-16800k", 3840, 2160, 16800),
            ])
        assertVBV(ladder)
        XCTAssertEqual(ladder.audio.map(\.bitrate), [128_000])
    }

    func testAudioOnly() throws {
        let ladder = try preset("audio-only")
        XCTAssertNil(ladder.video)
        XCTAssertEqual(ladder.rungs, [])
        XCTAssertEqual(
            ladder.audio,
            [
                AudioRendition(name: "128k", codec: .aac, bitrate: 128_000, channels: 2, sampleRate: 48000),
                AudioRendition(name: "64k", codec: .aac, bitrate: 64_000, channels: 2, sampleRate: 48000),
            ])
    }
}
