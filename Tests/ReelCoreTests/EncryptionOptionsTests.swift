import Foundation
import ReelManifest
import XCTest

@testable import ReelCore

/// The `encryption` of the one request: keys read from hex, chosen per track, checked against the
/// package, and never written back in clear text.
final class EncryptionOptionsTests: XCTestCase {
    private let kid = "0123456789abcdef0123456789abcdef"
    private let key = "00112233445566778899aabbccddeeff"

    private func job(_ encryption: String) throws -> PackageJob {
        try PackageJob.decode(json: Data(#"{"source": "a.mp4", "encryption": \#(encryption)}"#.utf8))
    }

    func testKeysAreRedactedInEveryJSONButTheSealedStoreForm() throws {
        let request = try job(#"{"scheme": "cbcs", "keys": [{"label": "video", "kid": "\#(kid)", "key": "\#(key)"}]}"#)
        XCTAssertEqual(request.encryption?.keys.first?.key, Hex.bytes(key))
        let shown = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        XCTAssertFalse(shown.contains(key), shown)
        XCTAssertTrue(shown.contains(#""key":"redacted""#), shown)
        XCTAssertTrue(shown.contains(kid), shown)
        // A redacted key cannot be run.
        XCTAssertThrowsError(try PackageJob.decode(json: Data(shown.utf8))) { error in
            XCTAssertTrue("\(error)".contains("redacted"), "\(error)")
        }

        let sealing = ContentKeySealing(secret: Data("a long server secret for the store".utf8))
        let encoder = JSONEncoder()
        encoder.userInfo[.contentKeySealing] = sealing
        let stored = try encoder.encode(request)
        XCTAssertFalse(String(decoding: stored, as: UTF8.self).contains(key))
        XCTAssertTrue(String(decoding: stored, as: UTF8.self).contains("sealed:"))
        let decoder = JSONDecoder()
        decoder.userInfo[.contentKeySealing] = sealing
        XCTAssertEqual(try decoder.decode(PackageJob.self, from: stored), request)
        // Another server's secret cannot open it.
        decoder.userInfo[.contentKeySealing] = ContentKeySealing(secret: Data("another secret".utf8))
        XCTAssertThrowsError(try decoder.decode(PackageJob.self, from: stored))
    }

    func testEachTrackTakesItsLabelledKeyOrTheUnlabelledOne() throws {
        let request = try job(
            #"{"keys": [{"label": "hd", "kid": "\#(kid)", "key": "\#(key)"}, "#
                + #"{"kid": "\#(String(kid.reversed()))", "key": "\#(key)"}]}"#)
        let options = try XCTUnwrap(request.encryption)
        XCTAssertEqual(options.scheme, .cbcs)
        XCTAssertEqual(options.systems, [.clearkey])
        XCTAssertEqual(options.key(isVideo: true, height: 1080)?.label, "hd")
        XCTAssertEqual(options.key(isVideo: true, height: 720)?.label, "hd")
        XCTAssertNil(options.key(isVideo: true, height: 480)?.label)
        XCTAssertNil(options.key(isVideo: false)?.label)
        XCTAssertEqual("\(options.keys[0])", "hd=\(kid)")
    }

    func testOptionsThatCannotWorkAreRefusedNamingTheProblem() throws {
        let one = #"[{"kid": "\#(kid)", "key": "\#(key)"}]"#
        let cases: [(json: String, formats: [ManifestFormat], segments: SegmentContainer, message: String)] = [
            (#"{"scheme": "cbcs", "keys": []}"#, [.hls], .fmp4, "no key"),
            (#"{"scheme": "cbcs", "keys": \#(one)}"#, [.hls], .ts, "SAMPLE-AES in MPEG-TS"),
            (
                #"{"scheme": "aes-128", "keys": \#(one), "hls_key_uri": "k"}"#, [.hls, .dash], .fmp4,
                "DASH cannot share"
            ),
            (#"{"scheme": "aes-128", "keys": \#(one)}"#, [.hls], .ts, "hls_key_uri"),
            (#"{"keys": [{"label": "sdr", "kid": "\#(kid)", "key": "\#(key)"}]}"#, [.dash], .fmp4, "unknown key label"),
            (#"{"keys": \#(one), "fairplay_uri": "https://k"}"#, [.hls], .fmp4, "skd://"),
        ]
        for (json, formats, segments, message) in cases {
            let options = try XCTUnwrap(try job(json).encryption)
            XCTAssertThrowsError(try options.validate(formats: formats, hlsSegments: segments), json) { error in
                XCTAssertTrue("\(error)".contains(message), "\(json): \(error)")
                XCTAssertFalse("\(error)".contains(key), "a key in an error: \(error)")
            }
        }
        XCTAssertThrowsError(try job(#"{"keys": [{"kid": "\#(kid)", "key": "0011"}]}"#)) { error in
            XCTAssertTrue("\(error)".contains("encryption.keys[0].key"), "\(error)")
        }
    }
}
