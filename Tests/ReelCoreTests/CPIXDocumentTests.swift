import Foundation
import ReelManifest
import XCTest

@testable import ReelCore

/// CPIX documents as key servers send them: keys labelled by usage rules, DRM signalling per key.
final class CPIXDocumentTests: XCTestCase {
    private let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <cpix:CPIX xmlns:cpix="urn:dashif:org:cpix" xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc"
            contentId="talk-42" version="2.3">
          <cpix:ContentKeyList>
            <cpix:ContentKey kid="01234567-89ab-cdef-0123-456789abcdef" commonEncryptionScheme="cbcs">
              <cpix:Data><pskc:Secret><pskc:PlainValue>ABEiM0RVZneImaq7zN3u/w==</pskc:PlainValue></pskc:Secret></cpix:Data>
            </cpix:ContentKey>
            <cpix:ContentKey kid="fedcba98-7654-3210-fedc-ba9876543210" commonEncryptionScheme="cbcs">
              <cpix:Data><pskc:Secret><pskc:PlainValue>/+7dzLuqmYh3ZlVEMyIRAA==</pskc:PlainValue></pskc:Secret></cpix:Data>
            </cpix:ContentKey>
          </cpix:ContentKeyList>
          <cpix:DRMSystemList>
            <cpix:DRMSystem kid="01234567-89ab-cdef-0123-456789abcdef" systemId="EDEF8BA9-79D6-4ACE-A3C8-27DCD51D21ED">
              <cpix:PSSH>AAAAIHBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAAAA=</cpix:PSSH>
            </cpix:DRMSystem>
            <cpix:DRMSystem kid="01234567-89ab-cdef-0123-456789abcdef" systemId="94ce86fb-07ff-4f43-adb8-93d2fa968ca2">
              <cpix:URIExtXKey>c2tkOi8va2V5cy5leGFtcGxlL3RhbGstNDI=</cpix:URIExtXKey>
            </cpix:DRMSystem>
          </cpix:DRMSystemList>
          <cpix:ContentKeyUsageRuleList>
            <cpix:ContentKeyUsageRule kid="01234567-89ab-cdef-0123-456789abcdef" intendedTrackType="VIDEO"/>
            <cpix:ContentKeyUsageRule kid="fedcba98-7654-3210-fedc-ba9876543210" intendedTrackType="AUDIO"/>
          </cpix:ContentKeyUsageRuleList>
        </cpix:CPIX>
        """

    func testKeysLabelsAndSignallingAreRead() throws {
        let cpix = try CPIXDocument(data: Data(document.utf8), name: "keys.xml")
        XCTAssertEqual(cpix.scheme, "cbcs")
        XCTAssertEqual(cpix.keys.map(\.label), ["video", "audio"])
        XCTAssertEqual(cpix.keys[0].keyID, Hex.bytes("0123456789abcdef0123456789abcdef"))
        XCTAssertEqual(cpix.keys[0].key, Hex.bytes("00112233445566778899aabbccddeeff"))
        XCTAssertEqual(
            cpix.systems.map(\.systemID),
            [
                "edef8ba9-79d6-4ace-a3c8-27dcd51d21ed", "94ce86fb-07ff-4f43-adb8-93d2fa968ca2",
            ])
        XCTAssertEqual(cpix.systems[0].pssh?.count, 32)
        XCTAssertEqual(cpix.systems[1].hlsURI, "skd://keys.example/talk-42")
    }

    func testEncryptedKeysAndBrokenDocumentsAreRefusedWithoutShowingAKey() {
        let encrypted = document.replacingOccurrences(
            of: "<pskc:PlainValue>ABEiM0RVZneImaq7zN3u/w==</pskc:PlainValue>",
            with: "<pskc:EncryptedValue><xenc:CipherData/></pskc:EncryptedValue>")
        XCTAssertThrowsError(try CPIXDocument(data: Data(encrypted.utf8), name: "keys.xml")) { error in
            XCTAssertTrue("\(error)".contains("keys.xml: ContentKey 01234567-89ab-cdef-0123-456789abcdef"), "\(error)")
            XCTAssertFalse("\(error)".contains("/+7dzLuqmYh3ZlVEMyIRAA=="), "\(error)")
        }
        XCTAssertThrowsError(try CPIXDocument(data: Data("<html/>".utf8), name: "page.html")) { error in
            XCTAssertTrue("\(error)".contains("not a CPIX document"), "\(error)")
        }
    }
}
