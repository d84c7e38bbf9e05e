import XCTest

@testable import ReelManifest

/// What the manifests say of protected renditions: DASH `ContentProtection`, HLS `EXT-X-KEY` and
/// `EXT-X-SESSION-KEY`; never more than the facts (no key ever reaches them).
final class ProtectionManifestTests: XCTestCase {
    private let kid: [UInt8] = Array(0..<16)
    private let otherKID: [UInt8] = Array(16..<32)

    private func cbcs(_ kid: [UInt8]) -> ProtectionFacts {
        ProtectionFacts(
            method: .cbcs, keyID: kid,
            systems: [
                DRMSignal(
                    systemID: DRMSignal.widevine, pssh: [0, 0, 0, 8, 0x70, 0x73, 0x73, 0x68],
                    hls: HLSKey(
                        uri: "data:text/plain;base64,AAAACHBzc2g=",
                        keyFormat: "urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed")),
                DRMSignal(
                    systemID: DRMSignal.fairPlay,
                    hls: HLSKey(uri: "skd://key-1", keyFormat: "com.apple.streamingkeydelivery")),
                DRMSignal(
                    systemID: DRMSignal.dashIFClearKey, dashValue: "ClearKey1.0",
                    licenseURL: "https://license.example/clearkey"),
            ])
    }

    private func package(_ video: ProtectionFacts?, _ audio: ProtectionFacts?, hd: ProtectionFacts? = nil)
        -> PackageFacts
    {
        var v1080p = Fixtures.v1080p
        v1080p.protection = hd ?? video
        var v720p = Fixtures.v720p
        v720p.protection = video
        var a128k = Fixtures.a128k
        a128k.protection = audio
        return PackageFacts(renditions: [v1080p, v720p, a128k], segmentDuration: 6, duration: 20.02)
    }

    func testDASHStatesTheSchemeTheKeyIDAndEachSystemOncePerSet() throws {
        let mpd = DASHWriter().manifest(for: package(cbcs(kid), cbcs(otherKID))).text
        XCTAssertTrue(mpd.contains(#"xmlns:cenc="urn:mpeg:cenc:2013""#), mpd)
        XCTAssertTrue(
            mpd.contains(
                #"<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cbcs" "#
                    + #"cenc:default_KID="00010203-0405-0607-0809-0a0b0c0d0e0f"/>"#), mpd)
        XCTAssertTrue(mpd.contains("cenc:default_KID=\"10111213-1415-1617-1819-1a1b1c1d1e1f\""), mpd)
        XCTAssertTrue(mpd.contains("<cenc:pssh>AAAACHBzc2g=</cenc:pssh>"), mpd)
        XCTAssertTrue(
            mpd.contains(#"<dashif:Laurl licenseType="EME-1.0">https://license.example/clearkey</dashif:Laurl>"#),
            mpd)
        // FairPlay has no DASH form; one scheme element per set (video, audio).
        XCTAssertFalse(mpd.contains(DRMSignal.fairPlay), mpd)
        XCTAssertEqual(mpd.components(separatedBy: "mp4protection:2011").count - 1, 2, mpd)
    }

    func testRenditionsWithTheirOwnKeysStateThemPerRepresentation() throws {
        let mpd = DASHWriter().manifest(for: package(cbcs(kid), nil, hd: cbcs(otherKID))).text
        XCTAssertEqual(mpd.components(separatedBy: "mp4protection:2011").count - 1, 2, mpd)
        let hd = try XCTUnwrap(mpd.range(of: #"<Representation id="v1080p""#))
        let sd = try XCTUnwrap(mpd.range(of: #"<Representation id="v720p""#))
        XCTAssertTrue(mpd[hd.upperBound..<sd.lowerBound].contains("10111213-"), mpd)
        XCTAssertTrue(mpd[sd.upperBound...].contains("00010203-"), mpd)
    }

    func testHLSListsSampleAESKeysBeforeTheMapAndRepeatsThemInTheMaster() throws {
        let files = HLSWriter().playlists(for: package(cbcs(kid), cbcs(kid)))
        let video = try XCTUnwrap(files.first { $0.path == "v720p/index.m3u8" }?.text)
        let lines = video.split(separator: "\n").map(String.init)
        let keys = lines.filter { $0.hasPrefix("#EXT-X-KEY:") }
        XCTAssertEqual(
            keys,
            [
                #"#EXT-X-KEY:METHOD=SAMPLE-AES,URI="data:text/plain;base64,AAAACHBzc2g=","#
                    + #"KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed",KEYFORMATVERSIONS="1""#,
                #"#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://key-1",KEYFORMAT="com.apple.streamingkeydelivery","#
                    + #"KEYFORMATVERSIONS="1""#,
            ])
        XCTAssertLessThan(
            try XCTUnwrap(lines.firstIndex(of: keys[1])), try XCTUnwrap(lines.firstIndex { $0.hasPrefix("#EXT-X-MAP") })
        )
        let iFrames = try XCTUnwrap(files.first { $0.path == "v720p/iframes.m3u8" }?.text)
        XCTAssertTrue(iFrames.contains(keys[0]), iFrames)
        let master = try XCTUnwrap(files.first { $0.path == "master.m3u8" }?.text)
        // The same two keys serve every rendition: listed once each.
        XCTAssertEqual(
            master.split(separator: "\n").filter { $0.hasPrefix("#EXT-X-SESSION-KEY:") }.map {
                String($0.dropFirst(20))
            },
            keys.map { String($0.dropFirst(12)) })
    }

    func testAES128KeyFollowsTheMapSoTheInitSegmentStaysClear() throws {
        let aes = ProtectionFacts(method: .aes128, keyID: [], keyURI: "https://keys.example/k1")
        let files = HLSWriter().playlists(for: package(aes, aes))
        let video = try XCTUnwrap(files.first { $0.path == "v720p/index.m3u8" }?.text)
        let lines = video.split(separator: "\n").map(String.init)
        let key = try XCTUnwrap(lines.firstIndex(of: #"#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k1""#))
        XCTAssertGreaterThan(key, try XCTUnwrap(lines.firstIndex { $0.hasPrefix("#EXT-X-MAP") }))
        let master = try XCTUnwrap(files.first { $0.path == "master.m3u8" }?.text)
        XCTAssertFalse(master.contains("SESSION-KEY"), master)
        XCTAssertFalse(DASHWriter().manifest(for: package(aes, aes)).text.contains("ContentProtection"))
    }
}
