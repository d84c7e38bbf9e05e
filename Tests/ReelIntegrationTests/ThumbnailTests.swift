import Foundation
@testable import ReelCore
@testable import ReelMedia
import ReelOutput
import XCTest
import ReelManifest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Sprite sheets, the WebVTT thumbnail track and posters.
final class ThumbnailTests: XCTestCase {
    private func clip() throws -> String {
        try TestMedia.clip("thumbs.mp4") {
            $0.width = 320
            $0.height = 180
            $0.frameRate = Rational(25, 1)
            $0.duration = 7
            $0.gopSize = 25
            $0.audioTracks = []
        }
    }

    func testSpritesAndTrackCoverTheWholeSource() throws {
        let dir = try TestMedia.scratchDirectory(self)
        let output = try DirectoryOutput(directory: dir)
        var options = ThumbnailOptions(interval: 0.5, width: 64, height: 36)
        options.columns = 4
        options.rows = 3
        let written = try ThumbnailWriter.write(
            source: MediaSource(uri: try clip()), thumbnails: options, poster: 2.5, to: output)
        try output.finish()
        // 14 thumbnails (0, 0.5 … 6.5) in sheets of 12: two sheets, the second partly filled.
        XCTAssertEqual(
            Set(written.files),
            ["poster.jpg", "thumbnails/sprite_0.jpg", "thumbnails/sprite_1.jpg", "thumbnails/thumbnails.vtt"])
        let vtt = try String(contentsOf: dir.appendingPathComponent("thumbnails/thumbnails.vtt"), encoding: .utf8)
        XCTAssertTrue(vtt.hasPrefix("WEBVTT\n"))
        let cues = vtt.components(separatedBy: "\n\n").dropFirst()
        XCTAssertEqual(cues.count, 14)
        XCTAssertEqual(cues.first, "00:00:00.000 --> 00:00:00.500\nsprite_0.jpg#xywh=0,0,64,36")
        XCTAssertTrue(cues.contains("00:00:02.500 --> 00:00:03.000\nsprite_0.jpg#xywh=64,36,64,36"))
        XCTAssertEqual(cues.last, "00:00:06.500 --> 00:00:07.000\nsprite_1.jpg#xywh=64,0,64,36\n")
        // Sheets are JPEGs of columns × rows tiles.
        for name in ["sprite_0.jpg", "sprite_1.jpg"] {
            let jpeg = try Data(contentsOf: dir.appendingPathComponent("thumbnails/\(name)"))
            XCTAssertEqual(Array(jpeg.prefix(2)), [0xFF, 0xD8])
            let size = try XCTUnwrap(Self.jpegSize(Array(jpeg)))
            XCTAssertEqual(size.0, 256)
            XCTAssertEqual(size.1, 108)
        }
        let poster = try Data(contentsOf: dir.appendingPathComponent("poster.jpg"))
        XCTAssertEqual(Self.jpegSize(Array(poster))?.0, 320)
    }

    /// A package with thumbnails lists them in the MPD as a DASH-IF image AdaptationSet.
    func testPackageListsTheSpritesInTheMPD() async throws {
        let path = try TestMedia.clip("thumbs-av.mp4") {
            $0.width = 320
            $0.height = 180
            $0.duration = 4
        }
        let dir = try TestMedia.scratchDirectory(self)
        let output = try DirectoryOutput(directory: dir)
        let written = try ThumbnailWriter.write(
            source: MediaSource(uri: path), thumbnails: ThumbnailOptions(interval: 1), poster: nil, to: output)
        let track = try XCTUnwrap(written.track)
        XCTAssertEqual(track.sheets, ["thumbnails/sprite_0.jpg"])
        let packager = Packager(
            request: PackageRequest(source: path, ladder: TestMedia.smallLadder()),
            output: ThumbnailManifestOutput(wrapping: output, track: track))
        _ = try await packager.run()
        let mpd = try String(contentsOf: dir.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertTrue(XMLParser(data: Data(mpd.utf8)).parse(), "the MPD stays well-formed")
        // Video and audio AdaptationSets are 0 and 1; the image one takes the next id.
        XCTAssertTrue(mpd.contains(#"<AdaptationSet id="2" contentType="image" mimeType="image/jpeg">"#), mpd)
        XCTAssertTrue(mpd.contains(#"media="thumbnails/sprite_$Number$.jpg" duration="25000" startNumber="0""#), mpd)
        XCTAssertTrue(mpd.contains(#"width="800" height="450""#), mpd)
        XCTAssertTrue(mpd.contains(#"schemeIdUri="http://dashif.org/thumbnail_tile" value="5x5""#), mpd)
        XCTAssertLessThan(
            try XCTUnwrap(mpd.range(of: "contentType=\"image\"")).lowerBound,
            try XCTUnwrap(mpd.range(of: "</Period>")).lowerBound)
        let master = try String(contentsOf: dir.appendingPathComponent("master.m3u8"), encoding: .utf8)
        XCTAssertFalse(master.contains("sprite"), "HLS players take the WebVTT track by URL")
    }

    func testTileSizeFollowsTheDisplayAspectRatio() {
        var stream = StreamInfo(
            index: 0, kind: .video, codecName: "h264", timeBase: Rational(1, 12800), isDefault: true,
            isAttachedPicture: false)
        stream.width = 1920
        stream.height = 1080
        XCTAssertTrue(ThumbnailWriter.tileSize(stream, ThumbnailOptions(interval: 10)) == (160, 90))
        stream.rotation = 90
        XCTAssertTrue(ThumbnailWriter.tileSize(stream, ThumbnailOptions(interval: 10)) == (160, 284))
        stream.rotation = 0
        stream.width = 720
        stream.height = 576
        stream.sampleAspectRatio = Rational(64, 45)
        XCTAssertTrue(ThumbnailWriter.tileSize(stream, ThumbnailOptions(interval: 10)) == (160, 90))
    }

    func testThumbnailOptionParsing() throws {
        XCTAssertEqual(try ThumbnailOptions(parsing: "10"), ThumbnailOptions(interval: 10))
        XCTAssertEqual(
            try ThumbnailOptions(parsing: "2.5s:160x90"), ThumbnailOptions(interval: 2.5, width: 160, height: 90))
        for bad in ["", "x", "0", "10:160", "10:0x90", "10:160x90x2"] {
            XCTAssertThrowsError(try ThumbnailOptions(parsing: bad), bad)
        }
    }

    func testPosterOutsideTheStreamIsRejected() throws {
        let dir = try TestMedia.scratchDirectory(self)
        let output = try DirectoryOutput(directory: dir)
        XCTAssertThrowsError(
            try ThumbnailWriter.write(source: MediaSource(uri: try clip()), thumbnails: nil, poster: 30, to: output)
        ) { error in
            guard case .permanent(let message) = error as? ReelError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("outside"), message)
        }
        output.abort()
    }

    static func jpegSize(_ bytes: [UInt8]) -> (Int, Int)? {
        func be16(_ i: Int) -> Int { Int(bytes[i]) << 8 | Int(bytes[i + 1]) }
        var i = 2
        while i + 9 < bytes.count {
            guard bytes[i] == 0xFF else { return nil }
            if (0xC0...0xC3).contains(bytes[i + 1]) { return (be16(i + 7), be16(i + 5)) }
            i += 2 + be16(i + 2)
        }
        return nil
    }
}
