import ReelTestSupport
import XCTest

@testable import ReelCore

/// The subtitle edge cases of `../shared/media/androidx` (from androidx/media's test data), read the
/// way `--subtitles` reads them. Skipped when the shared media are absent.
final class AndroidxSubtitleFileTests: XCTestCase {
    override func setUpWithError() throws {
        // Skip here, before any assertion: a skip thrown inside XCTAssert… would count as a failure.
        _ = try SharedMedia.path("androidx/webvtt_typical.vtt")
    }

    private func load(_ name: String) throws -> (document: SubtitleDocument?, warnings: [String]) {
        let path = try SharedMedia.path("androidx/\(name)")
        return try SubtitleSidecar.load(SubtitleInput(uri: path), options: MediaSourceOptions())
    }

    private func cues(_ name: String) throws -> [SubtitleCue] {
        let document = try XCTUnwrap(try load(name).document)
        return CueTimeline.normalize(document.cues, file: name).cues
    }

    func testWebVTTTypical() throws {
        XCTAssertEqual(
            try cues("webvtt_typical.vtt"),
            [
                SubtitleCue(start: 0, end: 1234, text: "This is the first subtitle."),
                SubtitleCue(start: 2345, end: 3456, text: "This is the second subtitle."),
            ])
    }

    func testWebVTTWithStyles() throws {
        let document = try XCTUnwrap(try load("webvtt_with_css_styles.vtt").document)
        XCTAssertEqual(document.styles.count, 4)
        XCTAssertTrue(document.styles[0].hasPrefix("::cue {"), document.styles[0])
        XCTAssertEqual(document.cues.map(\.identifier), ["id1", "id2", nil, nil])
        XCTAssertEqual(document.cues[2].text, "This is a <v.clazz Mary>reference by element</v>")
        XCTAssertEqual(document.cues[3].text, "<v LaGord>You are an idiot</v>\n<v The Frog>You don't have the guts</v>")
    }

    func testWebVTTPositioning() throws {
        XCTAssertEqual(
            try cues("webvtt_with_positioning.vtt").map(\.settings.text),
            [
                "position:60%,line-right size:35% align:start", "align:end", "line:45%,end align:center",
                "line:-10 align:center", "align:right", "align:center", "position:20%,line-left",
                "position:70%,line-right",
            ])
    }

    func testWebVTTTimestampMapHeaderIsIgnoredWithAWarning() throws {
        let (document, warnings) = try load("webvtt_with_x-timestamp-map_header.vtt")
        XCTAssertEqual(document?.cues.map(\.text), ["Cue text one", "Cue text two"])
        XCTAssertEqual(document?.cues.first?.start, ((266 * 60 + 18) * 60 + 35) * 1000 + 679)
        XCTAssertTrue(warnings.contains { $0.contains("X-TIMESTAMP-MAP ignored") }, "\(warnings)")
    }

    func testSubRipTypicalAndUTF16() throws {
        let expected = [
            SubtitleCue(start: 0, end: 1234, text: "This is the first subtitle."),
            SubtitleCue(
                start: 2345, end: 3456, text: "This is the second subtitle.\nSecond subtitle with second line."),
            SubtitleCue(start: 7_204_567, end: 7_208_901, text: "This is the third subtitle."),
        ]
        XCTAssertEqual(try cues("subrip_typical.srt"), expected)
        XCTAssertEqual(try cues("subrip_typical_utf16le.srt"), expected)
        XCTAssertEqual(try load("subrip_typical_utf16le.srt").warnings, [])
    }

    func testSubRipTags() throws {
        let cues = try cues("subrip_typical_with_tags.srt")
        XCTAssertEqual(cues.count, 14)
        XCTAssertEqual(cues[0].text, "This is  the first subtitle.")
        XCTAssertEqual(cues[1].text, "This is the second subtitle.\nSecond  subtitle with second line.")
        XCTAssertEqual(cues[2].text, "This  is the third  subtitle.")
        XCTAssertEqual(cues[3].text, "This { \\an2} is not a valid tag due to the space after the opening bracket.")
        XCTAssertEqual(cues[4].text, "This  is the fifth subtitle with multiple  valid  tags.")
        XCTAssertEqual(cues[4].start, 13_567)
        XCTAssertEqual(cues[5...].map(\.settings), (1...9).map(CueSettings.numpad))
    }

    func testSubRipNegativeTimestamps() throws {
        let (document, _) = try load("subrip_typical_negative_timestamps.srt")
        let (cues, warnings) = CueTimeline.normalize(try XCTUnwrap(document).cues, file: "f")
        XCTAssertEqual(cues.map(\.start), [0, 7_204_567])
        XCTAssertEqual(cues.map(\.end), [1234, 7_208_901])
        XCTAssertEqual(warnings.count, 2)
    }

    func testSSAThroughLibavformat() throws {
        let cues = try cues("ssa_typical.ssa")
        XCTAssertEqual(cues.map(\.text).first, "This is the first subtitle.")
        XCTAssertEqual(cues.first?.start, 0)
        XCTAssertEqual(cues.first?.end, 1230)
        XCTAssertEqual(cues.dropFirst().first?.text, "This is the second subtitle\nwith a newline\nand another.")
        XCTAssertEqual(cues.dropFirst().first?.start, 2340)
        XCTAssertEqual(cues.dropFirst().first?.end, 3450)
        // "0:00:04:56" (a colon before the hundredths) is read as 4.56 s by libavformat.
        XCTAssertEqual(cues.last?.text, "This is the third subtitle, with a comma.")
        XCTAssertEqual(cues.last?.start, 4560)
    }
}
