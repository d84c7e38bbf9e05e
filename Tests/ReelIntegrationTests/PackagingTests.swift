import Foundation
import ReelManifest
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// Packages generated clips and reads the result back through FFmpeg's own HLS and DASH demuxers.
final class PackagingTests: XCTestCase {
    func testLadderDecodesCompletelyThroughHLSAndDASH() async throws {
        let source = try TestMedia.clip("av.mp4") { $0.duration = 5 }
        let out = try TestMedia.scratchDirectory(self)
        let (summary, _) = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)
        XCTAssertEqual(summary.renditions.map(\.id), ["v360p", "v270p", "v180p", "a128k"])
        XCTAssertEqual(summary.duration, 5, accuracy: 1.0 / 30)

        for manifest in ["master.m3u8", "manifest.mpd"] {
            let reports = try MediaInspector.decodeAll(out.appendingPathComponent(manifest).path)
            let video = reports.filter { $0.kind == .video }
            let audio = reports.filter { $0.kind == .audio }
            XCTAssertEqual(Set(video.map { "\($0.width)x\($0.height)" }), ["640x360", "480x270", "320x180"], manifest)
            XCTAssertFalse(audio.isEmpty, manifest)
            for stream in video {
                XCTAssertEqual(stream.frames, 150, "\(manifest) \(stream.width)x\(stream.height) frame count")
                XCTAssertEqual(stream.decodeErrors, 0, manifest)
                let length = (stream.endTime ?? 0) - (stream.firstTime ?? 0)
                XCTAssertEqual(length, 5, accuracy: 1.0 / 30 + 1e-6, "\(manifest) video duration")
            }
            for stream in audio {
                XCTAssertEqual(stream.decodeErrors, 0, manifest)
                XCTAssertEqual(Double(stream.samples) / 48000, 5, accuracy: 0.05, "\(manifest) audio duration")
            }
        }
    }

    func testEverySegmentStartsWithAKeyframeAndRungsAreAligned() async throws {
        let source = try TestMedia.clip("av.mp4") { $0.duration = 5 }
        let out = try TestMedia.scratchDirectory(self)
        _ = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)

        var boundaries: [String: [Double]] = [:]
        for rendition in ["v360p", "v270p", "v180p"] {
            let dir = out.appendingPathComponent(rendition)
            let playlist = try MediaPlaylist(contentsOf: dir.appendingPathComponent("index.m3u8"))
            XCTAssertEqual(playlist.map, "init.mp4")
            XCTAssertEqual(playlist.segments.count, 3, rendition)
            XCTAssertEqual(playlist.targetDuration, 2, rendition)
            for (index, segment) in playlist.segments.enumerated() {
                if index < playlist.segments.count - 1 {
                    XCTAssertEqual(segment.duration, 2, accuracy: 1e-6, "\(rendition) segment \(index + 1)")
                }
                let joined = try TestMedia.scratchDirectory(self).appendingPathComponent("joined.mp4")
                var bytes = try Data(contentsOf: dir.appendingPathComponent("init.mp4"))
                bytes.append(try Data(contentsOf: dir.appendingPathComponent(segment.uri)))
                try bytes.write(to: joined)
                let report = try XCTUnwrap(MediaInspector.decodeAll(joined.path).first)
                XCTAssertTrue(report.firstFrameIsKeyframe, "\(rendition) \(segment.uri) must start with an IDR")
                XCTAssertEqual(report.decodeErrors, 0)
            }
            boundaries[rendition] = playlist.segments.map(\.duration)
        }
        XCTAssertEqual(boundaries["v360p"], boundaries["v270p"])
        XCTAssertEqual(boundaries["v360p"], boundaries["v180p"])
    }

    /// Presentation time 0 is the first picture: the init segments' edit lists start video and audio there
    /// for a demuxer that reads them (FFmpeg here, MSE in browsers), the MPD's timelines start at 0 with no
    /// presentationTimeOffset, and mediaPresentationDuration is where the media ends.
    func testPresentationStartsAtTheFirstPicture() async throws {
        let source = try TestMedia.clip("av.mp4") { $0.duration = 5 }
        let out = try TestMedia.scratchDirectory(self)
        _ = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)
        try assertPresentationStartsAtTheFirstPicture(out, duration: 5)

        // libx265 does not report its decoding delay (two frames with B-pyramid) through FFmpeg 5.1.
        var hevc = TestMedia.smallLadder()
        hevc.video = VideoEncoderSettings(codec: .hevc, preset: "ultrafast", profile: "main")
        hevc.rungs = [hevc.rungs[2]]
        let hevcOut = try TestMedia.scratchDirectory(self)
        _ = try await TestMedia.package(source, ladder: hevc, into: hevcOut)
        try assertPresentationStartsAtTheFirstPicture(hevcOut, duration: 5)
    }

    private func assertPresentationStartsAtTheFirstPicture(
        _ out: URL, duration: Double, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        for manifest in ["master.m3u8", "manifest.mpd"] {
            let reports = try MediaInspector.decodeAll(out.appendingPathComponent(manifest).path)
            for video in reports where video.kind == .video {
                XCTAssertEqual(
                    try XCTUnwrap(video.firstTime), 0, accuracy: 1e-6, "\(manifest): first picture", file: file,
                    line: line)
                XCTAssertEqual(
                    try XCTUnwrap(video.endTime), duration, accuracy: 1e-6, "\(manifest): last picture's end",
                    file: file, line: line)
            }
            for audio in reports where audio.kind == .audio {
                XCTAssertEqual(
                    try XCTUnwrap(audio.firstTime), 0, accuracy: 1024.0 / 48000 + 1e-6,
                    "\(manifest): audio starts within one AAC frame of the first picture", file: file, line: line)
            }
        }
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertTrue(
            mpd.contains("mediaPresentationDuration=\"PT\(String(format: "%.3f", duration))S\""), mpd, file: file,
            line: line)
        XCTAssertFalse(mpd.contains("presentationTimeOffset"), mpd, file: file, line: line)
        let starts = mpd.components(separatedBy: "<SegmentTimeline>\n").dropFirst().map {
            String($0.trimmingCharacters(in: .whitespaces).prefix(8))
        }
        XCTAssertFalse(starts.isEmpty, file: file, line: line)
        XCTAssertEqual(Set(starts), ["<S t=\"0\""], mpd, file: file, line: line)
    }

    func testFormatsSelectTheManifests() async throws {
        let source = try TestMedia.clip("av.mp4") { $0.duration = 5 }
        let hlsOnly = try TestMedia.scratchDirectory(self)
        _ = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: hlsOnly, formats: [.hls])
        XCTAssertTrue(FileManager.default.fileExists(atPath: hlsOnly.appendingPathComponent("master.m3u8").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: hlsOnly.appendingPathComponent("manifest.mpd").path))

        let dashOnly = try TestMedia.scratchDirectory(self)
        _ = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: dashOnly, formats: [.dash])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dashOnly.appendingPathComponent("master.m3u8").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dashOnly.appendingPathComponent("v360p/index.m3u8").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dashOnly.appendingPathComponent("manifest.mpd").path))
    }

    func testRungsNeverUpscaleAndKeepTheAspectRatio() async throws {
        let source = try TestMedia.clip("small.mp4") {
            $0.width = 480; $0.height = 270; $0.duration = 2
        }
        let out = try TestMedia.scratchDirectory(self)
        let (summary, _) = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)
        let video = summary.renditions.filter { $0.kind == "video" }
        XCTAssertEqual(video.map(\.id), ["v270p", "v180p"])
        XCTAssertEqual(video.map { $0.width ?? 0 }, [480, 320])
        XCTAssertEqual(video.map { $0.height ?? 0 }, [270, 180])
    }

    func testAtLeastOneRungRemainsForATinySource() async throws {
        let source = try TestMedia.clip("tiny.mp4") {
            $0.width = 160; $0.height = 90; $0.duration = 1
        }
        let out = try TestMedia.scratchDirectory(self)
        let (summary, _) = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)
        let video = summary.renditions.filter { $0.kind == "video" }
        XCTAssertEqual(video.count, 1)
        XCTAssertEqual(video.first?.width, 160)
        XCTAssertEqual(video.first?.height, 90)
    }

    func testNTSCFrameRateKeepsSegmentsAligned() async throws {
        let source = try TestMedia.clip("ntsc.mp4") {
            $0.frameRate = Rational(30000, 1001); $0.duration = 5
        }
        let out = try TestMedia.scratchDirectory(self)
        let (summary, _) = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)
        XCTAssertEqual(summary.renditions.first?.frameRate ?? 0, 29.97, accuracy: 0.001)
        let reports = try MediaInspector.decodeAll(out.appendingPathComponent("manifest.mpd").path)
        for stream in reports where stream.kind == .video {
            XCTAssertEqual(stream.frames, 150)
        }
        let a = try MediaPlaylist(contentsOf: out.appendingPathComponent("v360p/index.m3u8"))
        let b = try MediaPlaylist(contentsOf: out.appendingPathComponent("v180p/index.m3u8"))
        XCTAssertEqual(a.segments.map(\.duration), b.segments.map(\.duration))
        // Segments start at the first frame at or after each 2 s instant: 60 frames of 1001/30000 s.
        XCTAssertEqual(a.segments.first?.duration ?? 0, 60 * 1001 / 30000, accuracy: 1e-6)
    }

    func testAudioOnlyLadderAndVideoOnlySource() async throws {
        let audioLadder = Ladder(
            name: "audio", video: nil, rungs: [],
            audio: [AudioRendition(name: "128k", bitrate: 128_000), AudioRendition(name: "64k", bitrate: 64_000)])
        let source = try TestMedia.clip("av.mp4") { $0.duration = 5 }
        let out = try TestMedia.scratchDirectory(self)
        let (summary, _) = try await TestMedia.package(source, ladder: audioLadder, into: out)
        XCTAssertEqual(summary.renditions.map(\.id), ["a128k", "a64k"])
        let master = try String(contentsOf: out.appendingPathComponent("master.m3u8"), encoding: .utf8)
        XCTAssertEqual(master.components(separatedBy: "#EXT-X-STREAM-INF").count - 1, 2)
        XCTAssertFalse(master.contains("RESOLUTION"))

        let silent = try TestMedia.clip("silent.mp4") {
            $0.audioTracks = []; $0.duration = 2
        }
        let videoOnly = try TestMedia.scratchDirectory(self)
        let (silentSummary, _) = try await TestMedia.package(silent, ladder: TestMedia.smallLadder(), into: videoOnly)
        XCTAssertEqual(silentSummary.renditions.filter { $0.kind == "audio" }.count, 0)
        let reports = try MediaInspector.decodeAll(videoOnly.appendingPathComponent("master.m3u8").path)
        XCTAssertEqual(reports.filter { $0.kind == .video }.map(\.frames), [60, 60, 60])
    }

    /// AC-3 and E-AC-3 renditions in fMP4: the muxer writes their init segment, whose dac3/dec3
    /// box it makes from the first frames, with the first segment.
    func testDolbyAudioRenditionsAreEncodedIntoFMP4() async throws {
        var ladder = TestMedia.smallLadder()
        ladder.rungs = [ladder.rungs[2]]
        ladder.audio = [
            AudioRendition(name: "ac3", codec: .ac3, bitrate: 384_000, channels: 6),
            AudioRendition(name: "eac3", codec: .eac3, bitrate: 256_000, channels: 6),
        ]
        let source = try TestMedia.clip("surround.mp4") {
            $0.duration = 3
            $0.audioTracks = [.init(channels: 6, language: "eng", frequency: 440)]
        }
        let out = try TestMedia.scratchDirectory(self)
        let (summary, _) = try await TestMedia.package(source, ladder: ladder, into: out)
        XCTAssertEqual(summary.renditions.map(\.kind), ["video", "audio", "audio"])
        XCTAssertEqual(summary.renditions.dropFirst().map(\.codecs), ["ac-3", "ec-3"])
        for (rendition, box) in zip(summary.renditions.dropFirst(), ["dac3", "dec3"]) {
            let header = try Data(contentsOf: out.appendingPathComponent("\(rendition.id)/init.mp4"))
            XCTAssertNotNil(header.range(of: Data(box.utf8)), "\(rendition.id): \(box)")
        }
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertEqual(mpd.components(separatedBy: #"value="F801""#).count - 1, 2, mpd)
        for manifest in ["master.m3u8", "manifest.mpd"] {
            let audio = try MediaInspector.decodeAll(out.appendingPathComponent(manifest).path).filter {
                $0.kind == .audio
            }
            XCTAssertEqual(audio.count, 2, manifest)
            for stream in audio {
                XCTAssertEqual(stream.channels, 6, manifest)
                XCTAssertEqual(stream.decodeErrors, 0, manifest)
                XCTAssertEqual(Double(stream.samples) / 48000, 3, accuracy: 0.05, "\(manifest) audio duration")
            }
        }
    }

    func testProgressEventsAreOrderedAndMonotonic() async throws {
        let source = try TestMedia.clip("av.mp4") { $0.duration = 5 }
        let out = try TestMedia.scratchDirectory(self)
        let (summary, events) = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)
        guard case .started(let started) = events.first else { return XCTFail("first event must be started") }
        XCTAssertEqual(started.duration, 5, accuracy: 0.05)
        guard case .completed(let completed) = events.last else { return XCTFail("last event must be completed") }
        XCTAssertEqual(completed, summary)
        let fractions = events.compactMap { event -> Double? in
            if case .progress(let update) = event { return update.fraction }
            return nil
        }
        XCTAssertEqual(fractions.last, 1.0)
        XCTAssertEqual(fractions, fractions.sorted(), "fractions never go backwards")
        let segments = events.filter { if case .segmentWritten = $0 { true } else { false } }
        XCTAssertEqual(segments.count, 3 * 4, "3 segments for each of 4 renditions")
        let manifests = events.compactMap { event -> String? in
            if case .manifestWritten(let m) = event { return m.path }
            return nil
        }
        XCTAssertEqual(manifests.suffix(2), ["master.m3u8", "manifest.mpd"])
        let lastSegment = events.lastIndex { if case .segmentWritten = $0 { true } else { false } }!
        let firstManifest = events.firstIndex { if case .manifestWritten = $0 { true } else { false } }!
        XCTAssertLessThan(lastSegment, firstManifest, "manifests come after every segment")
        XCTAssertTrue(events.first!.jsonLine().hasPrefix("{\"container\""))
        XCTAssertTrue(events.last!.jsonLine().contains("\"event\":\"completed\""))
    }
}
