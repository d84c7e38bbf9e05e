import ReelManifest
import XCTest

@testable import ReelMedia

/// RFC 6381 codec strings from configuration records, Annex B parameter sets and encoders.
final class CodecStringTests: XCTestCase {
    func testAVCFromRecordAndFromAnnexB() {
        XCTAssertEqual(CodecString.make(codec: "h264", extradata: [1, 0x64, 0x00, 0x28, 0xFF]), "avc1.640028")
        XCTAssertEqual(
            CodecString.make(codec: "h264", extradata: [0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x1E, 0x95]), "avc1.42c01e")
        XCTAssertEqual(CodecString.make(codec: "h264", extradata: []), "avc1.640028", "fallback without extradata")
    }

    func testHEVCFromRecord() {
        // hvcC: version, Main profile (space 0, tier Main), compatibility 0x60000000, constraints
        // 0x90 then zeros, level 93 (3.1).
        let record: [UInt8] = [1, 0x01, 0x60, 0x00, 0x00, 0x00, 0x90, 0, 0, 0, 0, 0, 93, 0xF0]
        XCTAssertEqual(CodecString.make(codec: "hevc", extradata: record), "hvc1.1.6.L93.90")
        XCTAssertEqual(CodecString.make(codec: "hevc", extradata: []), "hvc1.1.6.L120.90")
    }

    func testAACObjectTypes() {
        XCTAssertEqual(CodecString.make(codec: "aac", extradata: [0x12, 0x10]), "mp4a.40.2", "AAC-LC")
        XCTAssertEqual(CodecString.make(codec: "aac", extradata: [0x2B, 0x8A]), "mp4a.40.5", "HE-AAC")
        XCTAssertEqual(CodecString.make(codec: "aac", extradata: [0xF8, 0x20]), "mp4a.40.33", "escape 31")
        XCTAssertEqual(CodecString.make(codec: "aac", extradata: []), "mp4a.40.2")
        XCTAssertEqual(CodecString.make(codec: "eac3", extradata: []), "ec-3")
    }

    func testGeneratedH264ClipGivesItsProfileAndLevel() throws {
        for (preset, profile) in [("veryfast", "64"), ("ultrafast", "42")] {
            let (encoder, _) = try TestPattern.h264(width: 320, height: 240, seconds: 1, preset: preset)
            let codecs = encoder.codecString
            XCTAssertNotNil(codecs.range(of: "^avc1\\.[0-9a-f]{6}$", options: .regularExpression), codecs)
            XCTAssertTrue(codecs.hasPrefix("avc1.\(profile)"), "\(preset): High or Constrained Baseline: \(codecs)")
            let sps = try XCTUnwrap(
                CodecString.annexBUnits(encoder.extradata).first { ($0.first ?? 0) & 0x1F == 7 })
            XCTAssertEqual(
                codecs, "avc1." + sps.dropFirst().prefix(3).map { String(format: "%02x", $0) }.joined(),
                "profile, constraint flags and level are the SPS's")
        }
    }

    func testGeneratedAACEncoderIsLC() throws {
        var settings = EncoderSettings(encoderName: "aac", timeBase: Rational(1, 48000))
        settings.sampleRate = 48000
        settings.channels = 2
        settings.bitRate = 128_000
        XCTAssertEqual(try Encoder(settings).codecString, "mp4a.40.2")
    }
}
