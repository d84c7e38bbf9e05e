import XCTest

@testable import ReelManifest

/// Image (trick-play thumbnail) tracks in both manifests, beyond the main package's goldens.
final class ImageTrackManifestTests: XCTestCase {
    /// The image set takes the next AdaptationSet id after every other set, text sets included.
    func testImageSetTakesTheNextID() {
        let package = PackageFacts(
            renditions: [Fixtures.v720p, Fixtures.a128k, Fixtures.subtitles(id: "s-en", container: .fmp4)],
            images: [Fixtures.thumbnails], segmentDuration: 6, duration: 20.02)
        let mpd = DASHWriter().manifest(for: package).text
        XCTAssertEqual(
            lines(mpd, startingWith: "    <AdaptationSet").map { $0.components(separatedBy: "\"")[1] },
            ["0", "1", "2", "3"])
        XCTAssertTrue(mpd.contains(#"<AdaptationSet id="3" contentType="image" mimeType="image/jpeg">"#), mpd)
    }

    /// A track without sheets is left out of both manifests.
    func testTrackWithoutSheetsIsLeftOut() {
        var empty = Fixtures.thumbnails
        empty.sheets = []
        let package = PackageFacts(
            renditions: [Fixtures.v720p, Fixtures.a128k], images: [empty], segmentDuration: 6, duration: 20.02)
        let files = HLSWriter().playlists(for: package)
        XCTAssertEqual(
            files.map(\.path), ["v720p/index.m3u8", "v720p/iframes.m3u8", "a128k/index.m3u8", "master.m3u8"])
        XCTAssertFalse(text(of: "master.m3u8", in: files).contains("IMAGE"))
        XCTAssertFalse(DASHWriter().manifest(for: package).text.contains("image"))
    }

    /// Whole-second tiles and one partly filled sheet: EXTINF is the time each sheet covers, the
    /// target duration the longest rounded half-up, and the peak the larger of the two sheet rates.
    func testOneSheetPartlyFilled() {
        let track = ImageTrackFacts(
            id: "thumbs", columns: 4, rows: 3, tileWidth: 96, tileHeight: 54, timescale: 1000, tileDuration: 2000,
            sheets: [ImageSheetFact(number: 0, startTime: 0, duration: 7_000, byteSize: 7_000)])
        XCTAssertEqual(track.sheetDuration, 24_000)
        XCTAssertEqual(track.peakBitrate, 8000)
        let package = PackageFacts(
            renditions: [Fixtures.v720p], images: [track], segmentDuration: 6, duration: 7)
        let files = HLSWriter().playlists(for: package)
        assertText(
            text(of: "thumbs/index.m3u8", in: files),
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:7
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-IMAGES-ONLY
            #EXTINF:7.000000,
            #EXT-X-TILES:RESOLUTION=96x54,LAYOUT=4x3,DURATION=2.000000
            sprite_0.jpg
            #EXT-X-ENDLIST

            """)
        XCTAssertEqual(
            lines(text(of: "master.m3u8", in: files), startingWith: "#EXT-X-IMAGE-STREAM-INF"),
            [#"#EXT-X-IMAGE-STREAM-INF:BANDWIDTH=8000,RESOLUTION=96x54,CODECS="jpeg",URI="thumbs/index.m3u8""#])
        let mpd = DASHWriter().manifest(for: package).text
        XCTAssertTrue(
            mpd.contains(#"<Representation id="thumbs" bandwidth="8000" codecs="jpeg" width="384" height="162">"#), mpd)
        XCTAssertTrue(
            mpd.contains(
                #"<SegmentTemplate media="thumbs/sprite_$Number$.jpg" timescale="1000" duration="24000" "#
                    + #"startNumber="0" endNumber="0"/>"#), mpd)
    }
}
