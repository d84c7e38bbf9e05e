import XCTest

@testable import ReelCore

/// ASS/SSA dialogue text: overrides, line breaks, alignment and style sheets.
final class ASSTextTests: XCTestCase {
    func testOverridesAndBreaks() {
        XCTAssertEqual(
            ASSText.convert(#"This is the second subtitle \nwith a newline \Nand another."#),
            ASSText.Converted(text: "This is the second subtitle\nwith a newline\nand another.", alignment: nil))
        XCTAssertEqual(ASSText.convert("This is the first subtitle{ignored}.").text, "This is the first subtitle.")
        XCTAssertEqual(
            ASSText.convert(#"{\an8\fnArial\c&H00FF00&}{\i1}Top{\i0} and {\b1}bold{\b0}\hnow"#),
            ASSText.Converted(text: "<i>Top</i> and <b>bold</b>&nbsp;now", alignment: 8))
        XCTAssertEqual(ASSText.convert(#"{\a6}legacy top centre"#).alignment, 8)
        XCTAssertEqual(ASSText.convert(#"{\u1}under{\r}plain & <x>"#).text, "<u>under</u>plain &amp; &lt;x&gt;")
        XCTAssertEqual(ASSText.convert(#"{\p1}m 0 0 l 100 0 100 100{\p0}text"#).text, "text")
    }

    func testEventFields() {
        let (style, text) = ASSText.fields(ofEvent: "0,0,Default ,Olly,0,0,0,,Hello, world")
        XCTAssertEqual(style, "Default")
        XCTAssertEqual(text, "Hello, world")
    }

    func testEventFieldsFollowTheScriptFormat() {
        let short = "[Events]\nFormat: Layer, Start, End, Style, Name, Text\n"
        XCTAssertEqual(ASSText.eventFields(header: short), ["readorder", "layer", "style", "name", "text"])
        let (style, text) = ASSText.fields(
            ofEvent: "1,0,Default ,Olly,Hi, there", fields: ASSText.eventFields(header: short))
        XCTAssertEqual(style, "Default")
        XCTAssertEqual(text, "Hi, there")
        XCTAssertEqual(ASSText.eventFields(header: nil), ASSText.standardEventFields)
    }

    func testStyleAlignments() {
        let header = """
            [Script Info]
            ScriptType: v4.00+

            [V4+ Styles]
            Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, \
            Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, \
            MarginR, MarginV, Encoding
            Style: Default,Open Sans Semibold,36,&H00FFFFFF,&H000000FF,&H00020713,&H00000000,-1,0,0,0,100,100,0,0,1,\
            1.7,0,2,0,0,28,1
            Style: Sign,Arial,20,&H00FFFFFF,&H000000FF,&H00020713,&H00000000,0,0,0,0,100,100,0,0,1,1,0,9,0,0,28,1
            """
        XCTAssertEqual(ASSText.styleAlignments(header: header), ["Default": 2, "Sign": 9])
        let legacy = """
            [V4 Styles]
            Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, \
            Italic, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding
            Style: Top,Arial,20,16777215,65535,65535,-2147483640,-1,0,1,3,0,6,30,30,30,0,0
            """
        XCTAssertEqual(ASSText.styleAlignments(header: legacy), ["Top": 8])
    }

    func testNumpadSettings() {
        XCTAssertEqual(CueSettings.numpad(2), CueSettings())
        XCTAssertEqual(CueSettings.numpad(7).text, "line:5% position:5%,line-left align:left")
        XCTAssertEqual(CueSettings.numpad(5).text, "line:50%,center")
        XCTAssertEqual(CueSettings.numpad(3).text, "position:95%,line-right align:right")
    }
}
