import Foundation
import ReelManifest
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// The properties of real uploads, on generated clips: each rule of the packager, checked by
/// reading the package back through FFmpeg's HLS and DASH demuxers.
final class SourceVariantTests: XCTestCase {
    private func videoReports(_ out: URL, _ manifest: String = "manifest.mpd") throws -> [StreamReport] {
        try MediaInspector.decodeAll(out.appendingPathComponent(manifest).path).filter { $0.kind == .video }
    }

    func testRotatedPhoneVideoBecomesPortrait() async throws {
        let source = try TestMedia.clip("rotated.mp4") {
            $0.rotation = 90; $0.duration = 2
        }
        let out = try TestMedia.scratchDirectory(self)
        let (summary, _) = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)
        let video = summary.renditions.filter { $0.kind == "video" }
        XCTAssertEqual(video.map { "\($0.width ?? 0)x\($0.height ?? 0)" }, ["360x640", "270x480", "180x320"])
        let decoded = try videoReports(out)
        XCTAssertEqual(Set(decoded.map { "\($0.width)x\($0.height)" }), ["360x640", "270x480", "180x320"])
        XCTAssertTrue(decoded.allSatisfy { $0.frames == 60 })
    }

    func testAnamorphicSourceGetsSquarePixelsAtItsDisplayAspect() async throws {
        let source = try TestMedia.clip("pal.mp4") {
            $0.width = 720; $0.height = 576; $0.sampleAspectRatio = Rational(64, 45); $0.duration = 2
        }
        let out = try TestMedia.scratchDirectory(self)
        let (summary, _) = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)
        // 720×576 at 64:45 displays as 1024×576 (16:9).
        XCTAssertEqual(summary.renditions.first?.width, 640)
        XCTAssertEqual(summary.renditions.first?.height, 360)
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertTrue(mpd.contains("sar=\"1:1\""))
    }

    func testInterlacedSourceIsDeinterlaced() async throws {
        let source = try TestMedia.clip("interlaced.mp4") {
            $0.fieldOrder = "tt"; $0.duration = 2
        }
        let out = try TestMedia.scratchDirectory(self)
        let (_, events) = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)
        guard case .started(let started) = events.first else { return XCTFail("no started event") }
        XCTAssertTrue(started.renditions.contains { $0.contains("deinterlace") }, "\(started.renditions)")
        let decoded = try videoReports(out)
        XCTAssertFalse(decoded.contains { $0.sawInterlacedFrame }, "renditions must be progressive")
        XCTAssertTrue(decoded.allSatisfy { $0.frames == 60 })
    }

    func testHDRIsToneMappedToSDRForH264() async throws {
        let source = try TestMedia.clip("pq.mp4") {
            $0.width = 640; $0.height = 360; $0.duration = 1; $0.videoEncoder = "libx265"
            $0.pixelFormat = "yuv420p10le"; $0.colorPrimaries = "bt2020"; $0.colorTransfer = "smpte2084"
            $0.colorSpace = "bt2020nc"
        }
        let out = try TestMedia.scratchDirectory(self)
        let (_, events) = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)
        guard case .started(let started) = events.first else { return XCTFail("no started event") }
        XCTAssertTrue(started.renditions.contains { $0.contains("tone-map PQ") }, "\(started.renditions)")
        let master = try String(contentsOf: out.appendingPathComponent("master.m3u8"), encoding: .utf8)
        XCTAssertFalse(master.contains("VIDEO-RANGE=PQ"))
        XCTAssertTrue(try videoReports(out).allSatisfy { $0.pixelFormat == "yuv420p" && $0.frames == 30 })
    }

    func testHEVCLadderKeepsHDR() async throws {
        let source = try TestMedia.clip("pq.mp4") {
            $0.width = 640; $0.height = 360; $0.duration = 1; $0.videoEncoder = "libx265"
            $0.pixelFormat = "yuv420p10le"; $0.colorPrimaries = "bt2020"; $0.colorTransfer = "smpte2084"
            $0.colorSpace = "bt2020nc"
        }
        var ladder = TestMedia.smallLadder()
        ladder.video = VideoEncoderSettings(codec: .hevc, preset: "ultrafast", profile: "main")
        ladder.rungs = [
            VideoRung(name: "360p", width: 640, height: 360, bitrate: 500_000, maxrate: 535_000, bufsize: 750_000)
        ]
        let out = try TestMedia.scratchDirectory(self)
        let (summary, _) = try await TestMedia.package(source, ladder: ladder, into: out)
        XCTAssertTrue(summary.renditions[0].codecs.hasPrefix("hvc1.2."), summary.renditions[0].codecs)
        let master = try String(contentsOf: out.appendingPathComponent("master.m3u8"), encoding: .utf8)
        XCTAssertTrue(master.contains("VIDEO-RANGE=PQ"), master)
        XCTAssertEqual(try videoReports(out).first?.pixelFormat, "yuv420p10le")
    }

    func testVariableFrameRateBecomesConstantAndStaysInSync() async throws {
        // Drop irregular frames: the clip keeps 30 fps timestamps with holes of 1–2 frames.
        let source = try TestMedia.clip("vfr.mp4") {
            $0.duration = 4; $0.videoFilter = "select='not(eq(mod(n\\,5)\\,2))*not(eq(mod(n\\,7)\\,3))'"
        }
        let out = try TestMedia.scratchDirectory(self)
        _ = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)
        let reports = try MediaInspector.decodeAll(out.appendingPathComponent("master.m3u8").path)
        let video = try XCTUnwrap(reports.first { $0.kind == .video })
        let audio = try XCTUnwrap(reports.first { $0.kind == .audio })
        XCTAssertEqual(video.frames, 120, "constant 30 fps for 4 s")
        let videoStart = try XCTUnwrap(video.firstTime)
        let audioStart = try XCTUnwrap(audio.firstTime)
        XCTAssertEqual(videoStart, audioStart, accuracy: 1.0 / 30, "A/V start in sync within a frame")
        XCTAssertEqual(try XCTUnwrap(video.endTime), try XCTUnwrap(audio.endTime), accuracy: 1.0 / 30 + 0.022)
    }

    func testAudioEndsWithTheVideo() async throws {
        for audioLength in [1.5, 4.5] {
            let source = try TestMedia.clip("short-audio.mp4") {
                $0.duration = 3; $0.audioTracks = [.init(duration: audioLength)]
            }
            let out = try TestMedia.scratchDirectory(self)
            _ = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)
            let reports = try MediaInspector.decodeAll(out.appendingPathComponent("manifest.mpd").path)
            let video = try XCTUnwrap(reports.first { $0.kind == .video })
            let audio = try XCTUnwrap(reports.first { $0.kind == .audio })
            XCTAssertEqual(
                try XCTUnwrap(audio.endTime), try XCTUnwrap(video.endTime), accuracy: 0.05,
                "audio of \(audioLength) s must end with the 3 s video")
        }
    }

    func testEveryLanguageAndASurroundRendition() async throws {
        let source = try TestMedia.clip("multi.mp4") {
            $0.duration = 2
            $0.audioTracks = [
                .init(channels: 6, language: "eng", frequency: 440),
                .init(channels: 2, language: "fra", frequency: 660),
            ]
        }
        var ladder = TestMedia.smallLadder()
        ladder.audio = [
            AudioRendition(name: "128k", bitrate: 128_000), AudioRendition(name: "384k", bitrate: 384_000, channels: 6),
        ]
        let out = try TestMedia.scratchDirectory(self)
        let (summary, _) = try await TestMedia.package(source, ladder: ladder, into: out)
        XCTAssertEqual(
            summary.renditions.filter { $0.kind == "audio" }.map(\.id), ["a128k-en", "a384k-en", "a128k-fr"])
        let master = try String(contentsOf: out.appendingPathComponent("master.m3u8"), encoding: .utf8)
        XCTAssertTrue(master.contains("LANGUAGE=\"en\""))
        XCTAssertTrue(master.contains("LANGUAGE=\"fr\""))
        XCTAssertTrue(master.contains("CHANNELS=\"6\""))
        XCTAssertTrue(master.contains("NAME=\"French\""))
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertTrue(mpd.contains("lang=\"fr\""))
        XCTAssertTrue(mpd.contains("value=\"6\""))
        let audio = try MediaInspector.decodeAll(out.appendingPathComponent("manifest.mpd").path).filter {
            $0.kind == .audio
        }
        XCTAssertEqual(audio.map(\.channels).sorted(), [2, 2, 6])
    }

    func testAudioOnlySourceGivesAnAudioOnlyPackage() async throws {
        let source = try TestMedia.clip("tone.m4a") {
            $0.hasVideo = false; $0.duration = 3
        }
        let out = try TestMedia.scratchDirectory(self)
        let (summary, _) = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)
        XCTAssertEqual(summary.renditions.map(\.kind), ["audio"])
        let master = try String(contentsOf: out.appendingPathComponent("master.m3u8"), encoding: .utf8)
        XCTAssertTrue(master.contains("CODECS=\"mp4a.40.2\""))
        XCTAssertFalse(master.contains("RESOLUTION"))
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertTrue(mpd.contains("contentType=\"audio\""))
    }

    func testTransportStreamSegmentsForHLS() async throws {
        let source = try TestMedia.clip("av.mp4") { $0.duration = 5 }
        let out = try TestMedia.scratchDirectory(self)
        let packager = Packager(
            request: PackageRequest(source: source, ladder: TestMedia.smallLadder(), hlsSegments: .ts),
            output: try DirectoryOutputFactory.make(out))
        _ = try await packager.run()
        let playlist = try MediaPlaylist(contentsOf: out.appendingPathComponent("v360p/index.m3u8"))
        XCTAssertNil(playlist.map)
        XCTAssertTrue(playlist.segments.allSatisfy { $0.uri.hasSuffix(".ts") })
        let hls = try MediaInspector.decodeAll(out.appendingPathComponent("master.m3u8").path)
        XCTAssertTrue(hls.filter { $0.kind == .video }.allSatisfy { $0.frames == 150 && $0.decodeErrors == 0 })
        // DASH keeps fMP4.
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertTrue(mpd.contains(#"<SegmentURL media="v360p/seg_00001.m4s"/>"#))
        XCTAssertEqual(try videoReports(out).map(\.frames), [150, 150, 150])
    }

    func testIFramePlaylistsPointAtKeyframes() async throws {
        for segments in [SegmentContainer.fmp4, .ts] {
            let source = try TestMedia.clip("av.mp4") { $0.duration = 5 }
            let out = try TestMedia.scratchDirectory(self)
            let packager = Packager(
                request: PackageRequest(source: source, ladder: TestMedia.smallLadder(), hlsSegments: segments),
                output: try DirectoryOutputFactory.make(out))
            _ = try await packager.run()
            let master = try String(contentsOf: out.appendingPathComponent("master.m3u8"), encoding: .utf8)
            XCTAssertTrue(master.contains("#EXT-X-I-FRAME-STREAM-INF"), "\(segments)")
            let dir = out.appendingPathComponent("v360p")
            let text = try String(contentsOf: dir.appendingPathComponent("iframes.m3u8"), encoding: .utf8)
            XCTAssertTrue(text.contains("#EXT-X-I-FRAMES-ONLY"))
            let lines = text.split(separator: "\n").map(String.init)
            var checked = 0
            for (index, line) in lines.enumerated() where line.hasPrefix("#EXT-X-BYTERANGE:") {
                let parts = line.dropFirst("#EXT-X-BYTERANGE:".count).split(separator: "@")
                let length = Int(parts[0])!
                let offset = Int(parts[1])!
                let file = try Data(contentsOf: dir.appendingPathComponent(lines[index + 1]))
                var bytes = segments == .fmp4 ? try Data(contentsOf: dir.appendingPathComponent("init.mp4")) : Data()
                bytes.append(file.subdata(in: offset..<offset + length))
                let path = try TestMedia.scratchDirectory(self).appendingPathComponent(
                    segments == .fmp4 ? "i.mp4" : "i.ts")
                try bytes.write(to: path)
                let report = try XCTUnwrap(MediaInspector.decodeAll(path.path).first { $0.kind == .video })
                XCTAssertTrue(report.firstFrameIsKeyframe, "\(segments) \(lines[index + 1])")
                XCTAssertGreaterThanOrEqual(report.frames, 1)
                checked += 1
            }
            XCTAssertEqual(checked, 3, "\(segments)")
        }
    }
}
