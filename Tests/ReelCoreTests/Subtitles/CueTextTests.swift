import XCTest

@testable import ReelCore

/// Cue text becomes valid WebVTT: known tags kept and balanced, others stripped, text escaped.
final class CueTextTests: XCTestCase {
    func testWebVTTTagsAreKeptAndBalanced() {
        XCTAssertEqual(CueText.normalize("<i>open <b>both", dialect: .webVTT), "<i>open <b>both</b></i>")
        XCTAssertEqual(CueText.normalize("<i>a <b>b</i> c</b>", dialect: .webVTT), "<i>a <b>b</b></i> c")
        XCTAssertEqual(CueText.normalize("stray </u> close", dialect: .webVTT), "stray  close")
        XCTAssertEqual(
            CueText.normalize("<c.yellow.bg_blue>x</c> <lang en-GB>colour</lang>", dialect: .webVTT),
            "<c.yellow.bg_blue>x</c> <lang en-GB>colour</lang>")
        XCTAssertEqual(CueText.normalize("<v  The   Frog>You</v>", dialect: .webVTT), "<v The Frog>You</v>")
        XCTAssertEqual(CueText.normalize("<ruby>漢<rt>kan</rt></ruby>", dialect: .webVTT), "<ruby>漢<rt>kan</rt></ruby>")
    }

    func testUnknownTagsAndTimestampsAreStripped() {
        XCTAssertEqual(
            CueText.normalize(
                #"<font face="Arial" color="red">red</font> <span class="x">text</span>"#, dialect: .subRip),
            "red text")
        XCTAssertEqual(CueText.normalize("karaoke <00:00:01.500>word", dialect: .webVTT), "karaoke word")
        XCTAssertEqual(CueText.normalize("one<br>two<BR/>three", dialect: .subRip), "one\ntwo\nthree")
    }

    func testEscapingAndEntities() {
        XCTAssertEqual(CueText.normalize("Tom & Jerry", dialect: .subRip), "Tom &amp; Jerry")
        XCTAssertEqual(
            CueText.normalize("a &amp; b &lt;3 &#9829; &nbsp;x", dialect: .webVTT), "a &amp; b &lt;3 &#9829; &nbsp;x")
        XCTAssertEqual(CueText.normalize("1 < 2 > 0", dialect: .webVTT), "1 &lt; 2 &gt; 0")
        XCTAssertEqual(CueText.normalize("a --> b", dialect: .webVTT), "a --&gt; b")
        XCTAssertEqual(CueText.plain("<i>a</i> &amp; &lt;b&gt;"), "a & <b>")
    }

    func testBlankLinesAndSpacesAreRemoved() {
        XCTAssertEqual(CueText.normalize("  first  \n\n \t\n<i> </i>\nsecond", dialect: .webVTT), "first\nsecond")
        XCTAssertEqual(CueText.normalize("<b></b>", dialect: .webVTT), "")
    }
}
