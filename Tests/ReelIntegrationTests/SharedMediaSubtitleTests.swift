import Foundation
import ReelTestSupport
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// Subtitle tracks and captions of the real files in `../shared/media/androidx`: text tracks picked up
/// with their language and name, bitmap tracks skipped with a warning naming the stream, CEA-608 kept.
/// Skipped when the shared media are absent.
final class SharedMediaSubtitleTests: XCTestCase {
    private func package(_ name: String) async throws -> (URL, PackageSummary, [String]) {
        let source = try SharedMedia.path("androidx/\(name)")
        let out = try TestMedia.scratchDirectory(self)
        let request = PackageRequest(
            source: source, ladder: TestMedia.smallLadder(segment: 1, keyframe: 0.5), segmentDuration: 1,
            keyframeInterval: 0.5)
        let (summary, events) = try await TestMedia.package(request, into: out)
        let warnings = events.compactMap { event -> String? in
            if case .warning(let message) = event { return message }
            return nil
        }
        return (out, summary, warnings)
    }

    private func firstSegment(_ out: URL, _ id: String) throws -> String {
        try String(contentsOf: out.appendingPathComponent("\(id)/seg_00001.vtt"), encoding: .utf8)
    }

    func testEmbeddedSubRipWithLanguageAndTitle() async throws {
        let (out, summary, _) = try await package("sample_with_srt.mkv")
        XCTAssertEqual(summary.renditions.filter { $0.kind == "subtitles" }.map(\.id), ["s-en"])
        let master = try String(contentsOf: out.appendingPathComponent("master.m3u8"), encoding: .utf8)
        XCTAssertTrue(master.contains(#"TYPE=SUBTITLES,GROUP-ID="subs",NAME="Subs Label",LANGUAGE="en""#), master)
        XCTAssertTrue(try firstSegment(out, "s-en").contains("\nThis is the first subtitle.\n"))
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertTrue(mpd.contains(#"contentType="text" mimeType="application/mp4" lang="en""#), mpd)
    }

    func testEmbeddedASSAndMatroskaWebVTT() async throws {
        for name in ["sample_with_ssa_subtitles.mkv", "sample_with_vtt_subtitles.mkv"] {
            let (out, summary, _) = try await package(name)
            XCTAssertEqual(summary.renditions.filter { $0.kind == "subtitles" }.map(\.id), ["s-1"], name)
            XCTAssertTrue(try firstSegment(out, "s-1").contains("\nThis is the first subtitle.\n"), name)
        }
    }

    func testBitmapSubtitlesAreSkippedWithAWarning() async throws {
        for (name, codec) in [
            ("sample_with_pgs_subtitles.mkv", "hdmv_pgs_subtitle"), ("sample_with_vobsub.mkv", "dvd_subtitle"),
        ] {
            let (out, summary, warnings) = try await package(name)
            XCTAssertFalse(summary.renditions.contains { $0.kind == "subtitles" }, name)
            XCTAssertTrue(
                warnings.contains {
                    $0.hasSuffix("stream #2 (\(codec), eng): bitmap subtitles cannot become WebVTT text; track skipped")
                }, "\(warnings)")
            let master = try String(contentsOf: out.appendingPathComponent("master.m3u8"), encoding: .utf8)
            XCTAssertFalse(master.contains("SUBTITLES"), name)
        }
    }

    func testCEA608CaptionsFromH264AndHEVC() async throws {
        for name in ["fragmented_captions.mp4", "fragmented_captions_h265.mp4"] {
            let (out, _, _) = try await package(name)
            let master = try String(contentsOf: out.appendingPathComponent("master.m3u8"), encoding: .utf8)
            XCTAssertTrue(master.contains(#"TYPE=CLOSED-CAPTIONS,GROUP-ID="cc""#), "\(name)\n\(master)")
            XCTAssertTrue(master.contains(#"CLOSED-CAPTIONS="cc""#), name)
            let video = try MediaInspector.decodeAll(out.appendingPathComponent("manifest.mpd").path)
                .filter { $0.kind == .video }
            XCTAssertFalse(video.isEmpty)
            XCTAssertTrue(
                video.allSatisfy { $0.closedCaptionFrames > 0 }, "\(name): \(video.map(\.closedCaptionFrames))")
        }
    }
}
