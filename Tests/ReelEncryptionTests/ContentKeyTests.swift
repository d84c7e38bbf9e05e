import XCTest

@testable import ReelEncryption

final class ContentKeyTests: XCTestCase {
    let keyHex = "100b6c20940f779a4589152b57d2dacb"

    func testKeyIDFromHexOrUUIDText() throws {
        let fromHex = try ContentKey(keyID: "EB676ABBCB345E96BBCF616630F1A3DA", key: keyHex)
        let fromUUID = try ContentKey(keyID: "eb676abb-cb34-5e96-bbcf-616630f1a3da", key: keyHex)
        XCTAssertEqual(fromHex, fromUUID)
        XCTAssertEqual(fromHex.keyID.first, 0xEB)
        XCTAssertEqual(
            fromHex.key,
            [0x10, 0x0B, 0x6C, 0x20, 0x94, 0x0F, 0x77, 0x9A, 0x45, 0x89, 0x15, 0x2B, 0x57, 0xD2, 0xDA, 0xCB])
        XCTAssertEqual(fromHex.keyIDHex, "eb676abbcb345e96bbcf616630f1a3da")
        XCTAssertEqual(fromHex.keyIDUUID, "eb676abb-cb34-5e96-bbcf-616630f1a3da")
    }

    func testPrintingNeverShowsTheKey() throws {
        let key = try ContentKey(keyID: "eb676abbcb345e96bbcf616630f1a3da", key: keyHex)
        var dumped = ""
        dump(key, to: &dumped)
        let texts = [key.description, key.debugDescription, "\(key)", String(reflecting: key), dumped, "\([key])"]
        for text in texts {
            XCTAssertFalse(text.lowercased().contains(keyHex), text)
            XCTAssertFalse(text.contains("16, 11, 108"), text)  // the key's bytes as numbers
        }
        XCTAssertEqual(key.description, "ContentKey(kid: eb676abb-cb34-5e96-bbcf-616630f1a3da)")
        XCTAssertFalse("\(try TrackProtection.cenc(key: key))".contains(keyHex))
        let cipher = HLSSegmentCipher(key: key)
        var dumpedCipher = ""
        dump(cipher, to: &dumpedCipher)
        XCTAssertFalse(dumpedCipher.contains("16"), dumpedCipher)
    }

    func testMalformedTextIsNamedWithoutEchoingTheKey() {
        XCTAssertThrowsError(try ContentKey(keyID: "eb676abb-cb345e96-bbcf-616630f1a3da", key: keyHex)) {
            XCTAssertEqual(
                "\($0)", "content key: key id 'eb676abb-cb345e96-bbcf-616630f1a3da' is neither 32 hex digits nor a UUID"
            )
        }
        XCTAssertThrowsError(
            try ContentKey(keyID: "eb676abbcb345e96bbcf616630f1a3da", key: "100b6c20940f779a4589152b57d2dacx")
        ) {
            XCTAssertEqual("\($0)", "content key eb676abb-cb34-5e96-bbcf-616630f1a3da: key is not 32 hex digits")
        }
        XCTAssertThrowsError(try ContentKey(keyID: [1, 2], key: [UInt8](repeating: 0, count: 16)))
        XCTAssertThrowsError(try TrackProtection.cbcs(key: try ContentKey(keyID: keyHex, key: keyHex), constantIV: [1]))
        XCTAssertThrowsError(
            try TrackProtection.cenc(key: try ContentKey(keyID: keyHex, key: keyHex), perSampleIVSize: 12))
    }

    func testSchemeFourCC() {
        XCTAssertEqual(EncryptionScheme.cbcs.fourCC, 0x6362_6373)
        XCTAssertEqual(EncryptionScheme.cenc.fourCC, 0x6365_6E63)
    }
}
