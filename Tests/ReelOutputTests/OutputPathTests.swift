import XCTest

@testable import ReelOutput

final class OutputPathTests: XCTestCase {
    func testAcceptsOrdinaryPaths() throws {
        for string in ["master.m3u8", "ok/seg_00001.m4s", "a128k/init.mp4", "v720p/sub/x.vtt", ".hidden", "é/ü.m4s"] {
            XCTAssertEqual(try OutputPath(string).string, string)
        }
    }

    func testComponentsAndDirectory() throws {
        let path = try OutputPath("ok/seg_00001.m4s")
        XCTAssertEqual(path.components, ["ok", "seg_00001.m4s"])
        XCTAssertEqual(path.fileName, "seg_00001.m4s")
        XCTAssertEqual(path.directory, "ok")
        XCTAssertNil(try OutputPath("master.m3u8").directory)
    }

    func testRejectsInvalidPaths() {
        let cases: [(String, OutputError.Reason)] = [
            ("", .empty),
            ("/abs", .absolute),
            ("/", .absolute),
            ("../x", .dotComponent("..")),
            ("a/..", .dotComponent("..")),
            ("a/./b", .dotComponent(".")),
            ("./a", .dotComponent(".")),
            ("a//b", .emptyComponent),
            ("a/", .emptyComponent),
            ("a\\b", .backslash),
            ("a\u{0}b", .nul),
            ("a\nb", .controlCharacter(0x0A)),
            ("a\u{7F}", .controlCharacter(0x7F)),
            ("a\u{85}", .controlCharacter(0x85)),
            (String(repeating: "a", count: 201), .componentTooLong(bytes: 201, limit: 200)),
            (
                Array(repeating: String(repeating: "a", count: 100), count: 11).joined(separator: "/"),
                .tooLong(bytes: 1110, limit: 1024)
            ),
        ]
        for (string, reason) in cases {
            XCTAssertThrowsError(try OutputPath(string), string.debugDescription) { error in
                let expected = OutputError(path: string, reason: reason)
                XCTAssertEqual(error as? OutputError, expected, string.debugDescription)
            }
        }
    }

    func testErrorDescriptionNamesPathAndReason() {
        XCTAssertEqual(
            OutputError(path: "../x", reason: .dotComponent("..")).description,
            #""../x": path has a '..' component"#)
        XCTAssertEqual(
            OutputError(path: "a\nb", reason: .controlCharacter(10)).description,
            #""a\nb": path contains control character U+000A"#)
    }
}
