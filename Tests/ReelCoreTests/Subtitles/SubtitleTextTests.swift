import XCTest

@testable import ReelCore

/// Encodings of subtitle files: byte-order marks, UTF-16 without one, UTF-8, the Latin-1 fallback.
final class SubtitleTextTests: XCTestCase {
    private let sample = "1\r\n00:00:01,000 --> 00:00:02,000\r\nCafé — ☕\r\n"
    private let normalized = "1\n00:00:01,000 --> 00:00:02,000\nCafé — ☕\n"

    private func utf16(_ text: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let pair = [UInt8(unit >> 8), UInt8(unit & 0xFF)]
            bytes += bigEndian ? pair : pair.reversed()
        }
        return bytes
    }

    func testUTF8WithAndWithoutBOM() throws {
        let plain = try SubtitleText(decoding: Array(sample.utf8), file: "a.srt")
        XCTAssertEqual(plain.text, normalized)
        XCTAssertEqual(plain.encoding, .utf8)
        XCTAssertNil(plain.warning)
        let bom = try SubtitleText(decoding: [0xEF, 0xBB, 0xBF] + Array(sample.utf8), file: "a.srt")
        XCTAssertEqual(bom.text, normalized)
        XCTAssertEqual(bom.encoding, .utf8)
    }

    func testUTF16BothByteOrdersWithAndWithoutBOM() throws {
        for bigEndian in [false, true] {
            for bom in [true, false] {
                let decoded = try SubtitleText(
                    decoding: utf16(sample, bigEndian: bigEndian, bom: bom), file: "a.srt")
                XCTAssertEqual(decoded.text, normalized, "big-endian \(bigEndian), BOM \(bom)")
                XCTAssertEqual(decoded.encoding, bigEndian ? .utf16BE : .utf16LE)
                XCTAssertNil(decoded.warning)
            }
        }
    }

    func testLatin1FallbackWarns() throws {
        // "Café déjà vu" in ISO-8859-1 / Windows-1252, plus a Windows-1252 euro sign (0x80).
        let bytes: [UInt8] = Array("Caf".utf8) + [0xE9, 0x20, 0x64, 0xE9, 0x6A, 0xE0, 0x20, 0x80]
        let decoded = try SubtitleText(decoding: bytes, file: "old.srt")
        XCTAssertEqual(decoded.text, "Café déjà €")
        XCTAssertEqual(decoded.encoding, .latin1)
        XCTAssertEqual(decoded.warning, "old.srt: not valid UTF-8; read as Latin-1 (Windows-1252)")
    }

    func testBinaryIsRejected() {
        XCTAssertThrowsError(
            try SubtitleText(decoding: [0x00, 0x01, 0x02, 0x03, 0xFF, 0x00, 0x10, 0x00, 0x00], file: "x.srt")
        ) {
            XCTAssertEqual(
                $0 as? SubtitleError,
                .unsupportedFormat(file: "x.srt", reason: "binary data, not a text subtitle file"))
        }
    }

    func testLineEndingsBecomeNewlines() throws {
        XCTAssertEqual(try SubtitleText(decoding: Array("a\rb\r\nc\n".utf8), file: "f").text, "a\nb\nc\n")
    }
}
