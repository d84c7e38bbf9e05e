import Foundation
import ReelManifest
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// Ad breaks: every rung has an IDR and a segment boundary at each cue; the MPD has a Period
/// from each, the HLS media playlists a DATERANGE at each.
final class CuePointTests: XCTestCase {
    func testEveryRungHasAnIDRAndASegmentBoundaryAtEachCue() async throws {
        let source = try TestMedia.clip("av.mp4") { $0.duration = 8 }
        let out = try TestMedia.scratchDirectory(self)
        var request = PackageRequest(source: source, ladder: TestMedia.smallLadder(segment: 3, keyframe: 1))
        request.cuePoints = [2.5, 5.2]
        _ = try await TestMedia.package(request, into: out)

        for rendition in ["v360p", "v270p", "v180p", "a128k"] {
            let playlist = try MediaPlaylist(contentsOf: out.appendingPathComponent("\(rendition)/index.m3u8"))
            var starts: [Double] = [0]
            for segment in playlist.segments.dropLast() { starts.append(starts[starts.count - 1] + segment.duration) }
            // 3 s segments cut at 2.5 (frame 75 at 30 fps) and 5.2 (frame 156): 0, 2.5, 3, 5.2, 6.
            let tolerance = rendition.hasPrefix("a") ? 0.022 : 1e-6
            for (actual, expected) in zip(starts, [0, 2.5, 3, 5.2, 6]) {
                XCTAssertEqual(actual, expected, accuracy: tolerance, "\(rendition) starts \(starts)")
            }
            XCTAssertEqual(starts.count, 5, rendition)
            let text = try String(contentsOf: out.appendingPathComponent("\(rendition)/index.m3u8"), encoding: .utf8)
            XCTAssertEqual(text.components(separatedBy: "#EXT-X-DATERANGE:").count - 1, 2, rendition)
            XCTAssertTrue(text.contains("#EXT-X-PROGRAM-DATE-TIME:"), rendition)
            guard rendition.hasPrefix("v") else { continue }
            // The segments after each cue start with an IDR.
            for index in [1, 3] {
                let dir = out.appendingPathComponent(rendition)
                var bytes = try Data(contentsOf: dir.appendingPathComponent("init.mp4"))
                bytes.append(try Data(contentsOf: dir.appendingPathComponent(playlist.segments[index].uri)))
                let joined = try TestMedia.scratchDirectory(self).appendingPathComponent("joined.mp4")
                try bytes.write(to: joined)
                let report = try XCTUnwrap(MediaInspector.decodeAll(joined.path).first)
                XCTAssertTrue(report.firstFrameIsKeyframe, "\(rendition) segment \(index + 1) must start with an IDR")
            }
        }
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertEqual(mpd.components(separatedBy: "<Period ").count - 1, 3, mpd)
        XCTAssertTrue(mpd.contains(#"<Period id="1" start="PT2.500S">"#), mpd)
        XCTAssertTrue(mpd.contains(#"<Period id="2" start="PT5.200S">"#), mpd)
        // Each break's Period carries the splice insert HLS carries: the same bytes, in base64.
        let video = try String(contentsOf: out.appendingPathComponent("v360p/index.m3u8"), encoding: .utf8)
        let hex = video.components(separatedBy: "SCTE35-OUT=0x").dropFirst().map { $0.prefix { $0.isHexDigit } }
        let binaries = mpd.components(separatedBy: "<Binary>").dropFirst().map { $0.prefix { $0 != "<" } }
        XCTAssertEqual(mpd.components(separatedBy: #"schemeIdUri="urn:scte:scte35:2014:xml+bin""#).count - 1, 2, mpd)
        XCTAssertEqual(binaries.count, 2, mpd)
        XCTAssertEqual(hex.count, 2, video)
        for (text, base64) in zip(hex, binaries) {
            let bytes = try XCTUnwrap(Data(base64Encoded: String(base64)))
            XCTAssertEqual(bytes.map { String(format: "%02X", $0) }.joined(), String(text))
        }
        // Played through FFmpeg's DASH demuxer (it reads the first Period) and HLS: no errors.
        for manifest in ["master.m3u8"] {
            let reports = try MediaInspector.decodeAll(out.appendingPathComponent(manifest).path)
            for stream in reports where stream.kind == .video {
                XCTAssertEqual(stream.frames, 240, manifest)
                XCTAssertEqual(stream.decodeErrors, 0, manifest)
            }
        }
    }

    func testCuesOutsideTheSourceAreRequestErrors() async throws {
        let source = try TestMedia.clip("av.mp4") { $0.duration = 5 }
        for (cues, message) in [
            ([7.0], "cue_points[0]: 7.0 s is not inside the source"), ([0.0], "cue_points[0]: 0.0"),
        ] {
            let out = try TestMedia.scratchDirectory(self)
            var request = PackageRequest(source: source, ladder: TestMedia.smallLadder())
            request.cuePoints = cues
            do {
                _ = try await TestMedia.package(request, into: out)
                XCTFail("\(cues) must fail")
            } catch {
                XCTAssertTrue(error.description.contains(message), error.description)
                XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("master.m3u8").path))
            }
        }
    }
}
