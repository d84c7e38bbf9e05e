import Foundation
import XCTest

@testable import ReelCore

/// `PackageReader` on hand-written manifests: which renditions, which file pieces, which times.
final class PackageReaderTests: XCTestCase {
    private func directory(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reel-reader-\(UUID().uuidString)")
        for (name, text) in files {
            let file = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testHLSVariantsWithByteRangesAndAudioOnlyOnesLeftOut() throws {
        let root = try directory([
            "master.m3u8": """
            #EXTM3U
            #EXT-X-STREAM-INF:BANDWIDTH=900000,AVERAGE-BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=29.970
            v360p/index.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",AUDIO="b"
            v360p/index.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=130000,CODECS="mp4a.40.2"
            a128k/index.m3u8
            """,
            "v360p/index.m3u8": """
            #EXTM3U
            #EXT-X-MAP:URI="all.mp4",BYTERANGE="800@0"
            #EXTINF:2.002,
            #EXT-X-BYTERANGE:5000@800
            all.mp4
            #EXTINF:1.5,
            #EXT-X-BYTERANGE:4000
            all.mp4
            #EXT-X-ENDLIST
            """,
        ])
        let package = try PackageReader.read(root.path)
        XCTAssertEqual(package.format, "HLS")
        XCTAssertEqual(package.manifest.lastPathComponent, "master.m3u8")
        XCTAssertEqual(package.renditions.count, 1, "one entry per media playlist, none for audio")
        let rendition = try XCTUnwrap(package.renditions.first)
        XCTAssertEqual(rendition.id, "v360p")
        XCTAssertEqual([rendition.width, rendition.height], [640, 360])
        XCTAssertEqual(rendition.bandwidth, 900_000)
        XCTAssertEqual(rendition.averageBandwidth, 800_000)
        XCTAssertEqual(rendition.codecs, "avc1.64001e,mp4a.40.2")
        XCTAssertEqual(rendition.frameRate, 29.97)
        let file = root.appendingPathComponent("v360p/all.mp4").path
        XCTAssertEqual(rendition.initSegment, SegmentFilesByteSource.Piece(path: file, offset: 0, length: 800))
        XCTAssertEqual(rendition.segments.map(\.piece.offset), [800, 5800], "a range without @ follows the last")
        XCTAssertEqual(rendition.segments.map(\.piece.length), [5000, 4000])
        XCTAssertEqual(rendition.segments.map(\.start), [0, 2.002])
        XCTAssertEqual(rendition.duration, 3.502, accuracy: 1e-9)
    }

    func testAMediaPlaylistAloneIsOneRenditionAndEncryptedOnesAreRefused() throws {
        let root = try directory([
            "stream 0.m3u8": "#EXTM3U\n#EXTINF:4,\nseg 0.ts\n#EXTINF:4,\nseg%201.ts\n#EXT-X-ENDLIST\n",
            "locked.m3u8": "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\"\n#EXTINF:4,\na.ts\n",
            "remote.m3u8": "#EXTM3U\n#EXTINF:4,\nhttps://cdn.example/a.ts\n",
        ])
        let alone = try PackageReader.read(root.appendingPathComponent("stream 0.m3u8").path)
        XCTAssertEqual(alone.renditions.map(\.id), ["stream 0"])
        XCTAssertEqual(
            alone.renditions[0].segments.map(\.piece.path),
            [root.appendingPathComponent("seg 0.ts").path, root.appendingPathComponent("seg 1.ts").path])
        XCTAssertThrowsError(try PackageReader.read(root.appendingPathComponent("locked.m3u8").path)) { error in
            XCTAssertTrue("\(error)".contains("encrypted segments (AES-128)"), "\(error)")
        }
        XCTAssertThrowsError(try PackageReader.read(root.appendingPathComponent("remote.m3u8").path)) { error in
            XCTAssertTrue("\(error)".contains("local packages only"), "\(error)")
        }
    }

    func testDASHTemplatesListsAndTheVideoSetsOnly() throws {
        let root = try directory([
            "manifest.mpd": """
            <?xml version="1.0"?>
            <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT5.0S">
              <Period>
                <AdaptationSet contentType="video" frameRate="30000/1001" codecs="avc1.64001f">
                  <SegmentTemplate timescale="1000" initialization="init-$RepresentationID$.m4s"
                                   media="chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
                    <SegmentTimeline><S t="0" d="2000" r="1"/><S d="1000"/></SegmentTimeline>
                  </SegmentTemplate>
                  <Representation id="hd" bandwidth="3000000" width="1280" height="720"/>
                  <Representation id="sd" bandwidth="800000" width="640" height="360">
                    <SegmentTemplate timescale="10" initialization="sd/init.mp4" media="sd/$Time$.m4s" duration="20"/>
                  </Representation>
                </AdaptationSet>
                <AdaptationSet contentType="audio"><Representation id="a" bandwidth="128000"/></AdaptationSet>
                <AdaptationSet contentType="image"><Representation id="t" bandwidth="1000"/></AdaptationSet>
                <AdaptationSet mimeType="video/mp4">
                  <Representation id="v180p" bandwidth="200000" width="320" height="180">
                    <BaseURL>v180p/</BaseURL>
                    <SegmentList timescale="90000">
                      <Initialization sourceURL="init.mp4"/>
                      <SegmentTimeline><S t="0" d="180000"/><S d="180000"/><S d="90000"/></SegmentTimeline>
                      <SegmentURL media="seg_00001.m4s"/><SegmentURL media="seg_00002.m4s"/>
                      <SegmentURL media="seg_00003.m4s"/>
                    </SegmentList>
                  </Representation>
                </AdaptationSet>
              </Period>
            </MPD>
            """
        ])
        let package = try PackageReader.read(root.path)
        XCTAssertEqual(package.format, "DASH")
        XCTAssertEqual(package.renditions.map(\.id), ["hd", "sd", "v180p"])
        let (hd, sd, list) = (package.renditions[0], package.renditions[1], package.renditions[2])
        XCTAssertEqual(hd.initSegment?.path, root.appendingPathComponent("init-hd.m4s").path)
        XCTAssertEqual(
            hd.segments.map { URL(fileURLWithPath: $0.piece.path).lastPathComponent },
            ["chunk-hd-00001.m4s", "chunk-hd-00002.m4s", "chunk-hd-00003.m4s"])
        XCTAssertEqual(hd.segments.map(\.start), [0, 2, 4])
        XCTAssertEqual(hd.frameRate ?? 0, 29.97, accuracy: 0.001)
        XCTAssertEqual(hd.codecs, "avc1.64001f")
        XCTAssertEqual(
            sd.segments.map { URL(fileURLWithPath: $0.piece.path).lastPathComponent }, ["0.m4s", "20.m4s", "40.m4s"],
            "@duration over the presentation's 5 s, named by $Time$")
        XCTAssertEqual(sd.segments.map(\.duration), [2, 2, 1])
        XCTAssertEqual(list.initSegment?.path, root.appendingPathComponent("v180p/init.mp4").path)
        XCTAssertEqual(list.segments.map(\.duration), [2, 2, 1])
        XCTAssertEqual(list.bandwidth, 200_000)
    }

    func testWhatIsNoPackageSaysSo() throws {
        let root = try directory(["notes.txt": "hello", "a.mpd": "<MPD/>", "b.mpd": "<MPD/>"])
        XCTAssertThrowsError(try PackageReader.read(root.appendingPathComponent("notes.txt").path)) { error in
            XCTAssertEqual("\(error)", "\(root.path)/notes.txt: not an HLS master playlist or a DASH MPD")
        }
        XCTAssertThrowsError(try PackageReader.read(root.path)) { error in
            XCTAssertTrue("\(error)".contains("several manifests (a.mpd, b.mpd): name one"), "\(error)")
        }
        XCTAssertThrowsError(try PackageReader.read(root.appendingPathComponent("missing").path)) { error in
            XCTAssertTrue("\(error)".contains("no such package directory or manifest"), "\(error)")
        }
    }
}
