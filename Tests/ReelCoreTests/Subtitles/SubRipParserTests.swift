import XCTest

@testable import ReelCore

/// SubRip files: numbering, lenient timestamps, tags, `{\an}` alignment, negative times, errors.
final class SubRipParserTests: XCTestCase {
    private func parse(_ text: String) throws -> SubtitleDocument {
        try SubRipParser.parse(text, file: "t.srt")
    }

    func testTypicalFile() throws {
        let document = try parse(
            """
            1
            00:00:00,000 --> 00:00:01,234
            This is the first subtitle.

            2
            00:00:02,345 --> 00:00:03,456 X1:100 X2:200 Y1:10 Y2:20
            This is the second subtitle.
            Second subtitle with second line.

            3
            02:00:04,567 --> 02:00:08,901
            This is the third subtitle.
            """)
        XCTAssertEqual(
            document.cues,
            [
                SubtitleCue(start: 0, end: 1234, text: "This is the first subtitle."),
                SubtitleCue(
                    start: 2345, end: 3456, text: "This is the second subtitle.\nSecond subtitle with second line."),
                SubtitleCue(start: 7_204_567, end: 7_208_901, text: "This is the third subtitle."),
            ])
    }

    func testTagsAreStrippedOrKeptAndAlignmentMapsToSettings() throws {
        let document = try parse(
            """
            1
            00:00:00,000 --> 00:00:01,234
            This is {\\an1} the <font color="#ff0000">first</font> <i>subtitle</i>.

            2
            00:00:02,345 --> 00:00:03,456
            Second {\\ an 2} line with {\\xyz} tags <span>gone</span> & kept < literal

            3
            00:00:04,567 --> 00:00:08,901
            This { \\an2} is not a tag.

            4
            00:00:09,000 --> 00:00:10,000
            {\\an8}<b>Top
            centre</B>
            """)
        XCTAssertEqual(document.cues[0].text, "This is  the first <i>subtitle</i>.")
        XCTAssertEqual(document.cues[0].settings, CueSettings(position: "5%,line-left", align: "left"))
        XCTAssertEqual(document.cues[1].text, "Second  line with  tags gone &amp; kept &lt; literal")
        XCTAssertEqual(document.cues[1].settings, CueSettings())
        XCTAssertEqual(document.cues[2].text, "This { \\an2} is not a tag.")
        XCTAssertEqual(document.cues[3].text, "<b>Top\ncentre</b>")
        XCTAssertEqual(document.cues[3].settings.text, "line:5%")
    }

    func testLenientTimestampsAndMissingNumbers() throws {
        let document = try parse(
            """
            00:00:013,567 --> 00:00:14.9
            odd digits, no number

            7
            0:1:2,5 --> 0:1:3,25
            short fields
            """)
        XCTAssertEqual(document.cues.map(\.start), [13_567, 62_500])
        XCTAssertEqual(document.cues.map(\.end), [14_900, 63_250])
    }

    func testNegativeTimesAreClampedOrDropped() throws {
        let document = try parse(
            """
            1
            -0:00:04,567 --> -0:00:03,456
            This is the first subtitle.

            2
            -00:00:02,345 --> 00:00:01,234
            This is the second subtitle.

            3
            02:00:04,567 --> 02:00:08,901
            This is the third subtitle.
            """)
        XCTAssertEqual(document.cues.map(\.start), [-4567, -2345, 7_204_567])
        let (cues, warnings) = CueTimeline.normalize(document.cues, file: "t.srt")
        XCTAssertEqual(cues.map(\.start), [0, 7_204_567])
        XCTAssertEqual(cues.map(\.end), [1234, 7_208_901])
        XCTAssertEqual(
            warnings, ["t.srt: 1 cue(s) starting before 0 now start at 0", "t.srt: 1 cue(s) ending before 0 dropped"])
    }

    func testTextAfterABlankLineContinuesTheCue() throws {
        let document = try parse("1\n00:00:01,000 --> 00:00:02,000\nfirst half\n\nsecond half\n\n")
        XCTAssertEqual(document.cues.map(\.text), ["first half\nsecond half"])
        XCTAssertEqual(
            document.warnings, ["t.srt: 1 text block(s) without a timing line were joined to the cue before them"])
    }

    func testErrorsNameTheLine() {
        XCTAssertThrowsError(try parse("hello there\nthis is not srt\n")) {
            guard case .malformed(let file, let line, _) = $0 as? SubtitleError else { return XCTFail("\($0)") }
            XCTAssertEqual(file, "t.srt")
            XCTAssertEqual(line, 1)
        }
        XCTAssertThrowsError(try parse("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 --> soon\nbad\n")) {
            XCTAssertEqual(
                $0 as? SubtitleError, .malformed(file: "t.srt", line: 6, reason: "invalid end timestamp 'soon'"))
            XCTAssertEqual(
                ($0 as? SubtitleError)?.reelError,
                .invalidInput(source: "t.srt", stream: nil, reason: "line 6: invalid end timestamp 'soon'"))
        }
    }
}
