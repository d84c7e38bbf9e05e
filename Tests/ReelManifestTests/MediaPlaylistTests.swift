import ReelManifest
import XCTest

/// Target duration rounding and container-dependent tags of media playlists.
final class MediaPlaylistTests: XCTestCase {
    private func playlist(_ rendition: RenditionFacts) -> String {
        let package = PackageFacts(renditions: [rendition], segmentDuration: 6, duration: 0)
        return text(of: "\(rendition.id)/index.m3u8", in: HLSWriter().playlists(for: package))
    }

    private func rendition(
        durations: [Int64], timescale: Int64, container: SegmentContainer = .fmp4
    ) -> RenditionFacts {
        let fileExtension = container == .ts ? "ts" : "m4s"
        return RenditionFacts(
            id: "v", kind: .video, codecs: "avc1.64001f", container: container, timescale: timescale,
            initFileName: container == .fmp4 ? "init.mp4" : nil,
            segments: Fixtures.segments(
                durations: durations, sizes: durations.map { _ in 1000 }, fileExtension: fileExtension))
    }

    private func targetDuration(_ durations: [Int64], timescale: Int64) -> String? {
        lines(playlist(rendition(durations: durations, timescale: timescale)), startingWith: "#EXT-X-TARGETDURATION:")
            .first
    }

    func testTargetDurationIsTheLargestEXTINFRoundedHalfUp() {
        XCTAssertEqual(targetDuration([5_500], timescale: 1000), "#EXT-X-TARGETDURATION:6")
        XCTAssertEqual(targetDuration([6_490], timescale: 1000), "#EXT-X-TARGETDURATION:6")
        XCTAssertEqual(targetDuration([6_500], timescale: 1000), "#EXT-X-TARGETDURATION:7")
        XCTAssertEqual(targetDuration([4_000, 6_500, 2_000], timescale: 1000), "#EXT-X-TARGETDURATION:7")
        XCTAssertEqual(targetDuration([300], timescale: 1000), "#EXT-X-TARGETDURATION:1")
    }

    /// A checker rounds the EXTINF it reads: 6.4999996 s prints as 6.500000, which needs a target of 7.
    func testTargetDurationRoundsTheValueEXTINFPrints() {
        let text = playlist(rendition(durations: [64_999_996], timescale: 10_000_000))
        XCTAssertEqual(lines(text, startingWith: "#EXTINF:"), ["#EXTINF:6.500000,"])
        XCTAssertEqual(lines(text, startingWith: "#EXT-X-TARGETDURATION:"), ["#EXT-X-TARGETDURATION:7"])
        XCTAssertEqual(
            targetDuration([64_999_994], timescale: 10_000_000), "#EXT-X-TARGETDURATION:6")
    }

    func testTransportStreamPlaylistHasNoMap() {
        assertText(
            playlist(rendition(durations: [540_000, 180_000], timescale: 90_000, container: .ts)),
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:6
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXTINF:6.000000,
            seg_00001.ts
            #EXTINF:2.000000,
            seg_00002.ts
            #EXT-X-ENDLIST

            """)
    }
}
