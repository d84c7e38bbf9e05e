import Foundation
import XCTest

@testable import ReelEncryption

final class PSSHBoxTests: XCTestCase {
    let kid = ContentKey.keyIDBytes("eb676abb-cb34-5e96-bbcf-616630f1a3da")!
    let kid2 = ContentKey.keyIDBytes("10000000-1000-1000-1000-100000000001")!

    func testCommonBoxListsKeyIDsInVersion1() throws {
        let box = try PSSHBox.common(keyIDs: [kid, kid2])
        let bytes = box.bytes
        XCTAssertEqual(bytes.count, 8 + 4 + 16 + 4 + 32 + 4)
        XCTAssertEqual(Array(bytes[4..<8]), Array("pssh".utf8))
        XCTAssertEqual(bytes[8], 1)  // version
        XCTAssertEqual(ContentKey.hex(Array(bytes[12..<28])), "1077efecc0b24d02ace33c1e52e2fb4b")
        XCTAssertEqual(bytes.bigEndianUInt32(at: 28), 2)
        XCTAssertEqual(Array(bytes[32..<48]), kid)
        XCTAssertEqual(bytes.bigEndianUInt32(at: 64), 0)  // no data
        let parsed = try PSSHBox(parsing: bytes)
        XCTAssertEqual(parsed, box)
        XCTAssertEqual(parsed.systemName, "W3C Common")
        XCTAssertEqual(Data(base64Encoded: box.base64).map(Array.init), bytes)
    }

    func testWidevineDataIsTheProtobufWithKeyIDsAndScheme() throws {
        let box = try PSSHBox.widevine(keyIDs: [kid], scheme: .cbcs)
        XCTAssertEqual(box.version, 0)
        XCTAssertEqual(box.data, [0x12, 0x10] + kid + [0x48, 0xF3, 0xC6, 0x89, 0x9B, 0x06])
        let cenc = try PSSHBox.widevine(keyIDs: [kid, kid2], scheme: .cenc, version: 1)
        XCTAssertEqual(cenc.keyIDs, [kid, kid2])
        XCTAssertEqual(Array(cenc.data.prefix(36)), [0x12, 0x10] + kid + [0x12, 0x10] + kid2)
        let parsed = try PSSHBox(parsing: cenc.bytes)
        XCTAssertEqual(parsed.systemName, "Widevine")
        XCTAssertEqual(parsed.keyIDs, [kid, kid2])
        XCTAssertEqual(parsed.data, cenc.data)
    }

    func testPlayReadyObjectHoldsAWRMHeader43() throws {
        XCTAssertEqual(PSSHBox.playReadyKeyID(kid2), "AAAAEAAQABAQABAAAAAAAQ==")
        let box = try PSSHBox.playReady(keyIDs: [kid], scheme: .cbcs, licenseURL: "https://pr.example/la?a=1&b=2")
        XCTAssertEqual(box.systemName, "PlayReady")
        let pro = box.data
        func littleEndian(_ at: Int, _ count: Int) -> Int {
            (0..<count).reduce(0) { $0 | Int(pro[at + $1]) << ($1 * 8) }
        }
        XCTAssertEqual(littleEndian(0, 4), pro.count)
        XCTAssertEqual(littleEndian(4, 2), 1)  // records
        XCTAssertEqual(littleEndian(6, 2), 1)  // rights management header
        XCTAssertEqual(littleEndian(8, 2), pro.count - 10)
        let units = stride(from: 10, to: pro.count, by: 2).map { UInt16(pro[$0]) | UInt16(pro[$0 + 1]) << 8 }
        let xml = String(decoding: units, as: UTF16.self)
        XCTAssertEqual(
            xml,
            #"<WRMHEADER xmlns="http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader" version="4.3.0.0">"#
                + #"<DATA><PROTECTINFO><KIDS><KID ALGID="AESCBC" VALUE="u2pn6zTLll67z2FmMPGj2g=="></KID></KIDS>"#
                + "</PROTECTINFO><LA_URL>https://pr.example/la?a=1&amp;b=2</LA_URL></DATA></WRMHEADER>")
        let cenc = try PSSHBox.playReadyObject(keyIDs: [kid], scheme: .cenc)
        XCTAssertTrue(String(decoding: cenc, as: UTF8.self).filter { $0 != "\0" }.contains(#"ALGID="AESCTR""#))
    }

    func testParsingFindsEveryBoxAndRefusesDamagedOnes() throws {
        let boxes = [try PSSHBox.common(keyIDs: [kid]), try PSSHBox.widevine(keyIDs: [kid], scheme: .cenc)]
        let free = ISOBox.make("free", [1, 2, 3])
        XCTAssertEqual(try PSSHBox.parseAll(boxes[0].bytes + free + boxes[1].bytes), boxes)
        var cut = boxes[1].bytes
        cut.setBigEndian(UInt32(500), at: cut.count - 4 - boxes[1].data.count)
        XCTAssertThrowsError(try PSSHBox(parsing: cut)) {
            XCTAssertTrue("\($0)".hasPrefix("pssh: box cut short"), "\($0)")
        }
        XCTAssertThrowsError(try PSSHBox(version: 0, systemID: PSSHBox.commonSystemID, keyIDs: [kid]))
    }
}
