import Foundation
import ReelMedia
import XCTest

@testable import ReelCore

/// `reel probe`'s keyframe summary on clips the ffmpeg CLI encodes the way renditions made
/// elsewhere are: a fixed 2 s GOP, forced keyframes, scene cuts, MPEG-TS timestamps.
final class ProbeKeyframeTests: XCTestCase {
    private func ffmpeg(_ name: String, _ arguments: [String]) throws -> String {
        guard
            let ffmpeg = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("no ffmpeg CLI to encode the clip") }
        let path = try TestMedia.scratchDirectory(self).appendingPathComponent(name).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ffmpeg)
        process.arguments = ["-hide_banner", "-loglevel", "error", "-y"] + arguments + [path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "ffmpeg \(arguments.joined(separator: " "))")
        return path
    }

    private static let testsrc = ["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24"]
    private static let tone = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]
    /// A 2 s GOP at 24 fps with no scene-cut keyframes: every renditions' keyframes line up.
    private static let fixedGOP = [
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "48", "-keyint_min", "48", "-sc_threshold", "0",
        "-pix_fmt", "yuv420p", "-c:a", "aac",
    ]

    private func video(_ report: ProbeReport) throws -> ProbeReport.Stream {
        try XCTUnwrap(report.streams.first { $0.kind == "video" })
    }

    func testAFixedTwoSecondGOPIsReportedAsSuch() throws {
        let path = try ffmpeg("g48.mp4", Self.testsrc + Self.tone + ["-t", "20"] + Self.fixedGOP)
        let report = try SourceProbe.probe(MediaSource(uri: path))
        let stream = try video(report)
        let keyframes = try XCTUnwrap(stream.keyframes)
        XCTAssertEqual(keyframes.count, 10)
        XCTAssertEqual(keyframes.firstTimes, [0, 2, 4, 6, 8, 10, 12, 14])
        XCTAssertEqual(keyframes.minInterval, 2)
        XCTAssertEqual(keyframes.medianInterval, 2)
        XCTAssertEqual(keyframes.maxInterval, 2)
        XCTAssertTrue(keyframes.isConstant)
        XCTAssertEqual(stream.keyframeInterval, 2, "the median, as before")
        XCTAssertNil(report.streams.first { $0.kind == "audio" }?.keyframes, "video streams only")
        XCTAssertTrue(
            stream.text.hasSuffix(
                "keyframes: 10 every 2.000 s (min 2.000, max 2.000): "
                    + "0.000, 2.000, 4.000, 6.000, 8.000, 10.000, 12.000, 14.000, …"),
            stream.text)
        XCTAssertTrue(
            stream.text.hasPrefix("#0 video h264 (Constrained Baseline) 320x180 24 fps yuv420p sdr"), stream.text)

        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        let streams = try XCTUnwrap(json["streams"] as? [[String: Any]])
        let summary = try XCTUnwrap(streams.first { $0["kind"] as? String == "video" }?["keyframes"] as? [String: Any])
        XCTAssertEqual(summary["count"] as? Int, 10)
        XCTAssertEqual(summary["median_interval"] as? Double, 2)
        XCTAssertEqual(summary["constant_interval"] as? Bool, true)
        XCTAssertEqual((summary["first_times"] as? [Double])?.count, 8)
    }

    /// libx264's scene-cut detection adds a keyframe where the picture changes (1.5 s), and the
    /// 2 s GOP counts again from there: 0, 1.5, 3.5, 5.5, 7.5.
    func testSceneCutsMakeTheIntervalsIrregular() throws {
        let path = try ffmpeg(
            "scenecut.mp4",
            [
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24:duration=1.5",
                "-f", "lavfi", "-i", "mandelbrot=size=320x180:rate=24,trim=duration=6.5",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=8",
                "-filter_complex", "[0][1]concat=n=2:v=1:a=0,format=yuv420p[v]", "-map", "[v]", "-map", "2",
                "-c:v", "libx264", "-preset", "veryfast", "-g", "48", "-c:a", "aac",
            ])
        let keyframes = try XCTUnwrap(try video(SourceProbe.probe(MediaSource(uri: path))).keyframes)
        XCTAssertTrue(keyframes.firstTimes.contains(1.5), "\(keyframes.firstTimes)")
        XCTAssertEqual(keyframes.minInterval, 1.5)
        XCTAssertEqual(keyframes.maxInterval, 2)
        XCTAssertNotEqual(keyframes.minInterval, keyframes.maxInterval)
        XCTAssertFalse(keyframes.isConstant)
        XCTAssertTrue(keyframes.text.contains(" median 2.000 s (min 1.500, max 2.000): 0.000, 1.500, "), keyframes.text)
    }

    /// Keyframes forced at chosen times, as some encoders place them on chapter marks.
    func testForcedKeyframesAreListedWhereTheyAre() throws {
        let path = try ffmpeg(
            "forced.mp4",
            Self.testsrc + [
                "-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-g", "1000", "-sc_threshold", "0",
                "-force_key_frames", "0,0.5,3,3.25", "-pix_fmt", "yuv420p",
            ])
        let keyframes = try XCTUnwrap(try video(SourceProbe.probe(MediaSource(uri: path))).keyframes)
        XCTAssertEqual(
            keyframes,
            KeyframeSummary(
                count: 4, firstTimes: [0, 0.5, 3, 3.25], minInterval: 0.25, medianInterval: 0.5, maxInterval: 2.5,
                isConstant: false))
    }

    /// MPEG-TS starts its clock at 1.4 s (audio there, video a little later): times count from
    /// the first picture, as `--package-only` counts them, not from the source's clock.
    func testMPEGTSTimesCountFromTheFirstPicture() throws {
        let path = try ffmpeg("g48.ts", Self.testsrc + Self.tone + ["-t", "10"] + Self.fixedGOP)
        let report = try SourceProbe.probe(MediaSource(uri: path))
        XCTAssertGreaterThan(report.startTime ?? 0, 1, "the TS clock does not start at 0")
        let keyframes = try XCTUnwrap(try video(report).keyframes)
        XCTAssertEqual(keyframes.count, 5)
        XCTAssertEqual(keyframes.firstTimes, [0, 2, 4, 6, 8])
        XCTAssertTrue(keyframes.isConstant)
        XCTAssertEqual(keyframes.medianInterval, 2)
    }

    /// Renditions whose GOPs differ (2 s and 2.5 s, MPEG-TS with B-frames): the probe's times are
    /// the instants a package-only run names when it refuses them.
    func testTheTimesAreThoseAPackageOnlyRunNamesWhenRenditionsDoNotLineUp() async throws {
        func rendition(_ name: String, gop: Int) throws -> String {
            try ffmpeg(
                name,
                Self.testsrc + Self.tone + [
                    "-t", "10", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-g", "\(gop)", "-keyint_min",
                    "\(gop)", "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-c:a", "aac",
                ])
        }
        let aligned = try rendition("gop48.ts", gop: 48)
        let odd = try rendition("gop60.ts", gop: 60)
        let alignedTimes = try XCTUnwrap(try video(SourceProbe.probe(MediaSource(uri: aligned))).keyframes).firstTimes
        let oddTimes = try XCTUnwrap(try video(SourceProbe.probe(MediaSource(uri: odd))).keyframes).firstTimes
        XCTAssertEqual(alignedTimes, [0, 2, 4, 6, 8])
        XCTAssertEqual(oddTimes, [0, 2.5, 5, 7.5])

        var request = PackageRequest(source: aligned, ladder: TestMedia.smallLadder(segment: 4, keyframe: 2))
        request.inputs = [MediaInput(source: aligned), MediaInput(source: odd)]
        request.packageOnly = true
        let out = try TestMedia.scratchDirectory(self)
        do {
            _ = try await TestMedia.package(request, into: out)
            XCTFail("misaligned renditions were packaged")
        } catch {
            let first = alignedTimes.first { !oddTimes.contains($0) } ?? -1
            XCTAssertTrue(error.description.contains(String(format: "keyframe at %.3f s", first)), error.description)
        }
    }

    /// Without the pass the report is what it was: the interval estimate, no summary.
    func testNoKeyframesSkipsThePass() throws {
        let path = try ffmpeg("g48-short.mp4", Self.testsrc + ["-t", "6"] + Self.fixedGOP)
        let stream = try video(SourceProbe.probe(MediaSource(uri: path), keyframes: false))
        XCTAssertNil(stream.keyframes)
        XCTAssertEqual(stream.keyframeInterval, 2)
        XCTAssertTrue(stream.text.hasSuffix(", keyframes every 2.000 s"), stream.text)
    }
}
