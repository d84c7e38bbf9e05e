import XCTest

@testable import ReelCore

/// WebVTT files: cues, identifiers, settings, STYLE and NOTE blocks, and errors that name the line.
final class WebVTTParserTests: XCTestCase {
    private func parse(_ text: String) throws -> SubtitleDocument {
        try WebVTTParser.parse(text, file: "t.vtt")
    }

    func testCuesIdentifiersAndHoursOptional() throws {
        let document = try parse(
            """
            WEBVTT - a title

            NOTE a comment
            spanning lines

            first
            00:01.000 --> 00:02.500
            Hello <b>world</b>

            01:00:00.000 --> 01:00:01.001
            Line one
            Line two
            """)
        XCTAssertEqual(
            document.cues,
            [
                SubtitleCue(start: 1000, end: 2500, text: "Hello <b>world</b>", identifier: "first"),
                SubtitleCue(start: 3_600_000, end: 3_601_001, text: "Line one\nLine two"),
            ])
        XCTAssertEqual(document.warnings, [])
    }

    func testSettingsAreValidatedAndModernised() throws {
        let document = try parse(
            """
            WEBVTT

            00:00.000 --> 00:01.000 position:60%,end align:start size:35%
            a

            00:02.000 --> 00:03.000 position:10 align:end
            b

            00:04.000 --> 00:05.000 line:45%,end align:middle
            c

            00:06.000 --> 00:07.000 line:-10 align:middle vertical:rl region:r1
            d

            00:12.000 --> 00:13.000 position:20%,start
            e

            00:14.000 --> 00:15.000 position:70%,line-right bogus:1
            f
            """)
        XCTAssertEqual(
            document.cues.map(\.settings.text),
            [
                "position:60%,line-right size:35% align:start", "align:end", "line:45%,end align:center",
                "vertical:rl line:-10 align:center", "position:20%,line-left", "position:70%,line-right",
            ])
    }

    func testStyleBlocksAreKeptAndTimestampMapWarns() throws {
        let document = try parse(
            """
            WEBVTT
            X-TIMESTAMP-MAP=LOCAL:00:00:00.000,MPEGTS:900000

            STYLE
            ::cue { color: yellow }

            00:00.000 --> 00:01.000
            <v.loud Mary>Hi</v> &amp; <c.red>bye</c>

            STYLE
            ::cue { color: red }
            """)
        XCTAssertEqual(document.styles, ["::cue { color: yellow }"])
        XCTAssertEqual(document.cues.map(\.text), ["<v.loud Mary>Hi</v> &amp; <c.red>bye</c>"])
        XCTAssertEqual(
            document.warnings,
            [
                "t.vtt: line 2: X-TIMESTAMP-MAP ignored; cue times are taken as written",
                "t.vtt: 1 STYLE block(s) after the first cue ignored",
            ])
    }

    func testMissingHeaderIsAnErrorOnLineOne() {
        XCTAssertThrowsError(try parse("00:00.000 --> 00:01.000\nhello\n")) {
            XCTAssertEqual(
                $0 as? SubtitleError,
                .malformed(file: "t.vtt", line: 1, reason: "not a WebVTT file: the first line must be 'WEBVTT'"))
            XCTAssertEqual(
                ($0 as? SubtitleError)?.description,
                "t.vtt: line 1: not a WebVTT file: the first line must be 'WEBVTT'")
        }
        XCTAssertThrowsError(try parse("WEBVTTX\n")) { XCTAssertNotNil($0 as? SubtitleError) }
    }

    func testBadTimestampNamesItsLine() {
        XCTAssertThrowsError(try parse("WEBVTT\n\n00:00.000 --> 00:01.000\nok\n\n00:02.000 --> 00:0x.000\nbad\n")) {
            XCTAssertEqual(
                $0 as? SubtitleError, .malformed(file: "t.vtt", line: 6, reason: "invalid end timestamp '00:0x.000'"))
        }
    }

    func testBlockWithoutTimingNamesItsLine() {
        XCTAssertThrowsError(try parse("WEBVTT\n\n00:00.000 --> 00:01.000\nok\n\njust some text\nmore\n")) {
            guard case .malformed(_, let line, let reason) = $0 as? SubtitleError else {
                return XCTFail("\($0)")
            }
            XCTAssertEqual(line, 6)
            XCTAssertTrue(reason.hasPrefix("expected a cue timing line"), reason)
        }
    }
}
