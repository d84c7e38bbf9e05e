import Foundation
import ReelManifest
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// Subtitles end to end: sidecar WebVTT and UTF-16 SRT plus an embedded track, packaged and read back
/// as players read them (HLS WebVTT segments with X-TIMESTAMP-MAP against the video's first PTS, DASH
/// WebVTT-in-MP4 samples), in fMP4 and TS modes; CEA-608 captions; bad and empty files.
final class SubtitleTests: XCTestCase {
    typealias Cue = SubtitleReadback.Cue

    /// Embedded mov_text cues of the generated clip (6 s, 2 s segments): one spans the 2 s and 4 s cuts.
    private static let embedded = [
        SampleClip.Subtitle(start: 0.5, end: 1.25, text: "Embedded first"),
        SampleClip.Subtitle(start: 1.9, end: 4.6, text: "Spans two cuts"),
        SampleClip.Subtitle(start: 5.1, end: 5.95, text: "Embedded last"),
    ]

    private static let sidecarVTT = """
        WEBVTT

        intro
        00:00:00.250 --> 00:00:01.750 align:start position:10%
        <v Narrator>Hello</v> from the sidecar

        00:00:03.900 --> 00:00:04.300 line:0
        Across the 4 s cut &amp; back
        """

    private static let sidecarSRT = """
        1
        00:00:01,000 --> 00:00:02,001
        Côté <font color="red">français</font>

        2
        00:00:05,500 --> 00:00:06,250
        Deuxième {\\an8}ligne
        """

    private static func expected(_ cues: [(Double, Double, String)]) -> [Cue] {
        cues.map { Cue(start: $0.0, end: $0.1, text: $0.2) }
    }

    private let expectedVTT = expected([
        (0.25, 1.75, "Hello from the sidecar"), (3.9, 4.3, "Across the 4 s cut & back"),
    ])
    /// The second cue ends at the end of the 6 s media in DASH (samples stop there); HLS keeps its end.
    private let expectedSRT = expected([(1.0, 2.001, "Côté français"), (5.5, 6.25, "Deuxième ligne")])
    private let expectedEmbedded = expected(embedded.map { ($0.start, $0.end, $0.text) })

    private func source() throws -> String {
        try TestMedia.clip("subs.mp4") {
            $0.width = 320; $0.height = 180; $0.duration = 6
            $0.subtitles = Self.embedded; $0.subtitleCodec = "mov_text"
        }
    }

    /// Sidecar files written to a scratch directory: the WebVTT in UTF-8 with BOM, the SRT in UTF-16LE with BOM.
    private func sidecars(in directory: URL) throws -> [SubtitleInput] {
        let vtt = directory.appendingPathComponent("talk.en.vtt")
        try Data([0xEF, 0xBB, 0xBF] + Array(Self.sidecarVTT.utf8)).write(to: vtt)
        let srt = directory.appendingPathComponent("talk.fr.srt")
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in Self.sidecarSRT.replacingOccurrences(of: "\n", with: "\r\n").utf16 {
            utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        try Data(utf16).write(to: srt)
        return [
            try SubtitleInput(parsing: "\(vtt.path):en:English"),
            try SubtitleInput(parsing: "\(srt.path):fr:Français"),
        ]
    }

    private func request(_ source: String, _ subtitles: [SubtitleInput], hls: SegmentContainer = .fmp4)
        -> PackageRequest
    {
        var request = PackageRequest(source: source, ladder: TestMedia.smallLadder(), hlsSegments: hls)
        request.subtitles = subtitles
        return request
    }

    func testSidecarsAndEmbeddedTrackReadBackInHLSAndDASH() async throws {
        let scratch = try TestMedia.scratchDirectory(self)
        let out = scratch.appendingPathComponent("out")
        let (summary, events) = try await TestMedia.package(
            request(try source(), try sidecars(in: scratch)), into: out)
        XCTAssertEqual(summary.renditions.map(\.id), ["v180p", "a128k", "s-en", "s-fr", "s-en-2"])
        XCTAssertEqual(summary.renditions.filter { $0.kind == "subtitles" }.map(\.segments), [3, 3, 3])
        let warnings = events.compactMap { event -> String? in
            if case .warning(let message) = event { return message }
            return nil
        }
        XCTAssertEqual(warnings, [])

        let master = try String(contentsOf: out.appendingPathComponent("master.m3u8"), encoding: .utf8)
        XCTAssertTrue(master.contains(#"TYPE=SUBTITLES,GROUP-ID="subs",NAME="Français",LANGUAGE="fr""#), master)
        XCTAssertTrue(master.contains(#",SUBTITLES="subs",CLOSED-CAPTIONS=NONE"#), master)

        let videoStart = try SubtitleReadback.firstVideoTime(rendition: out.appendingPathComponent("v180p"))
        XCTAssertEqual(videoStart, 0, accuracy: 0.2, "the presentation offset is small")
        let video = try MediaPlaylist(contentsOf: out.appendingPathComponent("v180p/index.m3u8"))
        for (id, expected) in [("s-en", expectedVTT), ("s-fr", expectedSRT), ("s-en-2", expectedEmbedded)] {
            let playlist = out.appendingPathComponent("\(id)/index.m3u8")
            XCTAssertEqual(
                try MediaPlaylist(contentsOf: playlist).segments.map(\.duration), video.segments.map(\.duration),
                "\(id) is cut at the video's instants")
            let (cues, appearances) = try SubtitleReadback.hlsCues(playlist: playlist, videoStart: videoStart)
            SubtitleReadback.assertMatch(cues, expected, "HLS \(id)")
            if id == "s-en-2" {
                XCTAssertEqual(appearances, [1, 3, 1], "the spanning cue is in every segment it spans")
            }

            let dash = try SubtitleReadback.dashCues(
                rendition: out.appendingPathComponent(id), videoStart: videoStart,
                end: video.segments.map(\.duration).reduce(0, +))
            var clipped = expected
            for index in clipped.indices { clipped[index].end = min(clipped[index].end, 6) }
            SubtitleReadback.assertMatch(dash, clipped, "DASH \(id)")
        }

        // FFmpeg's DASH demuxer reads the MPD with every text representation as a data stream.
        let dashStreams = try MediaInspector.packets(out.appendingPathComponent("manifest.mpd").path, kinds: [.data])
        XCTAssertEqual(
            dashStreams.streams.filter { $0.kind == .data }.compactMap(\.language).sorted(), ["en", "en", "fr"])
        XCTAssertFalse(dashStreams.packets.isEmpty)
    }

    func testTransportStreamSegmentsMapCuesToTheTSVideoClock() async throws {
        let scratch = try TestMedia.scratchDirectory(self)
        let out = scratch.appendingPathComponent("out")
        var ts = request(try source(), try sidecars(in: scratch), hls: .ts)
        ts.formats = [.hls]
        _ = try await TestMedia.package(ts, into: out)
        let videoStart = try SubtitleReadback.firstVideoTime(rendition: out.appendingPathComponent("v180p"))
        let segment = try String(contentsOf: out.appendingPathComponent("s-en/seg_00001.vtt"), encoding: .utf8)
        // The TS video's first PTS is the MPEGTS value: the map was computed, here it is checked.
        XCTAssertTrue(
            segment.contains("X-TIMESTAMP-MAP=MPEGTS:\(Int((videoStart * 90_000).rounded())),LOCAL:00:00:00.000"),
            segment)
        for (id, expected) in [("s-en", expectedVTT), ("s-fr", expectedSRT), ("s-en-2", expectedEmbedded)] {
            let (cues, _) = try SubtitleReadback.hlsCues(
                playlist: out.appendingPathComponent("\(id)/index.m3u8"), videoStart: videoStart)
            SubtitleReadback.assertMatch(cues, expected, "HLS-TS \(id)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("s-en/init.mp4").path))
    }

    func testMatroskaSubRipKeepsPositionAndBitmapTracksAreSkipped() async throws {
        let positioned = try TestMedia.clip("srt.mkv") {
            $0.width = 320; $0.height = 180; $0.duration = 2
            $0.subtitles = [SampleClip.Subtitle(start: 0.2, end: 1.5, text: "{\\an8}Top <i>line</i>")]
        }
        let out = try TestMedia.scratchDirectory(self)
        _ = try await TestMedia.package(request(positioned, []), into: out)
        let segment = try String(contentsOf: out.appendingPathComponent("s-en/seg_00001.vtt"), encoding: .utf8)
        // The Matroska muxer shifted every track by the AAC priming, so the audio starts before the video:
        // presentation time zero is the earliest audio or video start, and cues keep their source times
        // relative to it, exactly like the pictures.
        let streams = try Demuxer(url: positioned).streams
        let zero = try XCTUnwrap(streams.filter { $0.kind != .subtitle }.compactMap(\.startTime).min())
        let cue = try XCTUnwrap(streams.first { $0.kind == .subtitle }?.startTime)
        XCTAssertGreaterThan(cue - zero, 0.2)
        let start = SubtitleTimestamp.webVTT(Int64(((cue - zero) * 1000).rounded()))
        let end = SubtitleTimestamp.webVTT(Int64(((cue + 1.3 - zero) * 1000).rounded()))
        XCTAssertTrue(segment.hasSuffix("\(start) --> \(end) line:5%\nTop <i>line</i>\n\n"), segment)

        let bitmap = try TestMedia.clip("dvdsub.mkv") {
            $0.width = 320; $0.height = 180; $0.duration = 2
            $0.subtitles = [SampleClip.Subtitle(start: 0.2, end: 1.5, text: "picture")]
            $0.subtitleCodec = "dvdsub"
        }
        let skipped = try TestMedia.scratchDirectory(self)
        let (summary, events) = try await TestMedia.package(request(bitmap, []), into: skipped)
        XCTAssertFalse(summary.renditions.contains { $0.kind == "subtitles" })
        XCTAssertTrue(
            events.contains {
                if case .warning(let message) = $0 {
                    return message.hasSuffix(
                        "stream #2 (dvd_subtitle, eng): bitmap subtitles cannot become WebVTT text; track skipped")
                }
                return false
            }, "\(events.filter { if case .warning = $0 { true } else { false } })")
        let master = try String(contentsOf: skipped.appendingPathComponent("master.m3u8"), encoding: .utf8)
        XCTAssertFalse(master.contains("SUBTITLES"))
    }

    func testBrokenSidecarFailsNamingFileAndLineBeforeEncoding() async throws {
        let scratch = try TestMedia.scratchDirectory(self)
        let broken = scratch.appendingPathComponent("broken.srt")
        try "1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:03,000 -> 00:00:04,000\nbroken arrow\n"
            .write(to: broken, atomically: true, encoding: .utf8)
        let out = scratch.appendingPathComponent("out")
        let job = request(try source(), [SubtitleInput(uri: broken.path)])
        do throws(ReelError) {
            _ = try await TestMedia.package(job, into: out)
            XCTFail("a broken subtitle file must fail the job")
        } catch {
            XCTAssertEqual(error.kind, "invalid_input")
            XCTAssertEqual(
                error.description,
                "\(broken.path): line 6: expected a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm' after cue number 2, "
                    + "found '00:00:03,000 -> 00:00:04,000'")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("master.m3u8").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("v180p").path))
    }

    func testEmptySidecarIsAWarning() async throws {
        let scratch = try TestMedia.scratchDirectory(self)
        let empty = scratch.appendingPathComponent("empty.vtt")
        try Data([0xEF, 0xBB, 0xBF, 0x0A]).write(to: empty)
        let silent = try TestMedia.clip("plain.mp4") {
            $0.width = 320; $0.height = 180; $0.duration = 2
        }
        let out = scratch.appendingPathComponent("out")
        let (summary, events) = try await TestMedia.package(
            request(silent, [SubtitleInput(uri: empty.path, language: "en")]), into: out)
        XCTAssertFalse(summary.renditions.contains { $0.kind == "subtitles" })
        XCTAssertTrue(events.contains(.warning("\(empty.path): empty subtitle file; no subtitle track made from it")))
    }

    func testClosedCaptionsAreKeptInH264AndSignalled() async throws {
        let captioned = try TestMedia.clip("cc.mp4") {
            $0.width = 320; $0.height = 180; $0.duration = 4; $0.closedCaptions = true
        }
        XCTAssertGreaterThan(try XCTUnwrap(MediaInspector.decodeAll(captioned).first).closedCaptionFrames, 0)
        let out = try TestMedia.scratchDirectory(self)
        _ = try await TestMedia.package(captioned, ladder: TestMedia.smallLadder(), into: out)
        let master = try String(contentsOf: out.appendingPathComponent("master.m3u8"), encoding: .utf8)
        XCTAssertTrue(
            master.contains(
                #"#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,INSTREAM-ID="CC1""#
            ),
            master)
        XCTAssertTrue(master.contains(#",CLOSED-CAPTIONS="cc""#), master)
        XCTAssertFalse(master.contains("CLOSED-CAPTIONS=NONE"))
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertTrue(mpd.contains(#"<Accessibility schemeIdUri="urn:scte:dash:cc:cea-608:2015" value="CC1=eng"/>"#))
        let decoded = try MediaInspector.decodeAll(out.appendingPathComponent("v180p/index.m3u8").path)
        XCTAssertEqual(try XCTUnwrap(decoded.first { $0.kind == .video }).closedCaptionFrames, 120)

        // libx265 cannot carry them: the HEVC ladder says NONE and warns.
        var hevc = TestMedia.smallLadder()
        hevc.video = VideoEncoderSettings(codec: .hevc, preset: "ultrafast", profile: "main")
        hevc.rungs = [hevc.rungs[2]]
        let lost = try TestMedia.scratchDirectory(self)
        let (_, events) = try await TestMedia.package(captioned, ladder: hevc, into: lost)
        let hevcMaster = try String(contentsOf: lost.appendingPathComponent("master.m3u8"), encoding: .utf8)
        XCTAssertTrue(hevcMaster.contains("CLOSED-CAPTIONS=NONE"), hevcMaster)
        XCTAssertTrue(
            events.contains { if case .warning(let m) = $0 { m.contains("libx265 cannot carry them") } else { false } })
    }
}
