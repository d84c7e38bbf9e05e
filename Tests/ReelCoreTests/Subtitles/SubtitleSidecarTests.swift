import Foundation
import XCTest

@testable import ReelCore

/// Sidecar files by reference (here `data:` URIs): format detection, the libavformat path for ASS,
/// TTML, empty files and files that are not subtitles.
final class SubtitleSidecarTests: XCTestCase {
    private func load(_ bytes: [UInt8], name: String = "") throws -> (document: SubtitleDocument?, warnings: [String]) {
        let uri = "data:text/plain;base64," + Data(bytes).base64EncodedString()
        return try SubtitleSidecar.load(SubtitleInput(uri: uri), options: MediaSourceOptions())
    }

    func testASSScriptThroughLibavformatKeepsStyleAndOverrideAlignment() throws {
        let script = """
            [Script Info]
            ScriptType: v4.00+

            [V4+ Styles]
            Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, \
            Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, \
            MarginR, MarginV, Encoding
            Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,1
            Style: Sign,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,1,0,8,10,10,10,1

            [Events]
            Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
            Dialogue: 0,0:00:01.00,0:00:02.50,Default,,0,0,0,,{\\i1}Hello{\\i0}, world\\Nsecond line
            Dialogue: 0,0:00:03.00,0:00:04.00,Sign,,0,0,0,,A sign
            Dialogue: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,{\\an4}Left middle

            """
        let document = try XCTUnwrap(try load(Array(script.utf8)).document)
        XCTAssertEqual(
            document.cues,
            [
                SubtitleCue(start: 1000, end: 2500, text: "<i>Hello</i>, world\nsecond line"),
                SubtitleCue(start: 3000, end: 4000, text: "A sign", settings: CueSettings.numpad(8)),
                SubtitleCue(start: 5000, end: 6000, text: "Left middle", settings: CueSettings.numpad(4)),
            ])
    }

    func testFormatDetection() {
        XCTAssertEqual(SubtitleSidecar.format(of: "WEBVTT\n", uri: "x"), .webVTT)
        XCTAssertEqual(SubtitleSidecar.format(of: "anything", uri: "a/b.VTT"), .webVTT)
        XCTAssertEqual(SubtitleSidecar.format(of: "1\n00:00:01,000 --> 00:00:02,000\n", uri: "x"), .subRip)
        XCTAssertEqual(SubtitleSidecar.format(of: "", uri: "https://h/s.srt?x=1"), .subRip)
        XCTAssertEqual(
            SubtitleSidecar.format(of: #"<?xml version="1.0"?><tt xmlns="http://www.w3.org/ns/ttml">"#, uri: "x"), .ttml
        )
        XCTAssertEqual(SubtitleSidecar.format(of: "[Script Info]\n", uri: "x.ass"), .libavformat)
    }

    func testTTMLIsUnsupportedWithAReason() {
        XCTAssertThrowsError(try load(Array(#"<?xml version="1.0"?><tt xmlns="http://www.w3.org/ns/ttml"/>"#.utf8))) {
            guard case .unsupportedFormat(_, let reason) = $0 as? ReelError else { return XCTFail("\($0)") }
            XCTAssertTrue(reason.hasPrefix("TTML/IMSC1 needs a TTML demuxer"), reason)
        }
    }

    func testEmptyFileIsAWarning() throws {
        let (document, warnings) = try load([0xFF, 0xFE, 0x0A, 0x00])
        XCTAssertNil(document)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].hasSuffix(": empty subtitle file; no subtitle track made from it"), warnings[0])
        let (onlyHeader, headerWarnings) = try load(Array("WEBVTT\n\nNOTE nothing here\n".utf8))
        XCTAssertNil(onlyHeader)
        XCTAssertTrue(headerWarnings[0].hasSuffix(": no cues; no subtitle track made from it"), "\(headerWarnings)")
    }

    func testLatin1SubRipWarnsAndDecodes() throws {
        let bytes = Array("1\n00:00:01,000 --> 00:00:02,000\nd".utf8) + [0xE9, 0x6A, 0xE0, 0x0A]
        let (document, warnings) = try load(bytes)
        XCTAssertEqual(document?.cues.map(\.text), ["déjà"])
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].hasSuffix("not valid UTF-8; read as Latin-1 (Windows-1252)"), warnings[0])
    }

    func testTextThatIsNoSubtitleFormatIsRejected() {
        XCTAssertThrowsError(try load(Array("just a note\nnothing to see\n".utf8))) {
            XCTAssertEqual(($0 as? ReelError)?.kind, "unsupported", "\($0)")
        }
    }
}
