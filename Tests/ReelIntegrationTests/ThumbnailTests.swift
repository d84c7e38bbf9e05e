import Foundation
import XCTest

@testable import ReelCore
@testable import ReelManifest
@testable import ReelMedia
@testable import ReelOutput

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

    /// A request with thumbnails lists the sprites in both manifests: the master playlist names an
    /// image playlist whose tiles match the sheets, and the MPD has an image set with the next id
    /// whose addressed sheets all exist. The WebVTT track stays beside them.
    func testPackageListsTheSpritesInBothManifests() async throws {
        let source = try TestMedia.clip("thumbs-av.mp4") {
            $0.width = 320
            $0.height = 180
            $0.frameRate = Rational(25, 1)
            $0.duration = 6
            $0.gopSize = 25
        }
        let dir = try TestMedia.scratchDirectory(self)
        // 30 tiles of 64x36, one every 0.2 s: a sheet of 5 × 5 (0–5 s) and one of 5 tiles (5–6 s).
        let request = """
            {"source": "\(source)",
             "ladder": {"name": "one", "video": {"codec": "h264", "preset": "ultrafast"},
                        "rungs": [{"name": "180p", "height": 180, "bitrate": "200k"}],
                        "audio": [{"name": "64k", "bitrate": "64k"}]},
             "segment_duration": 2, "keyframe_interval": 1,
             "thumbnails": {"interval": 0.2, "width": 64, "height": 36}}
            """
        let job = try JSONDecoder().decode(PackageJob.self, from: Data(request.utf8))
        let runner = PackageJobRunner(
            job: job, environment: PackageJobEnvironment(destination: { _ in .directory(path: dir.path) }))
        _ = try await runner.run()
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: dir.appendingPathComponent(ThumbnailWriter.trackPath).path))

        // HLS: EXT-X-IMAGE-STREAM-INF → the image playlist → sheets of the declared grid.
        let master = try String(contentsOf: dir.appendingPathComponent("master.m3u8"), encoding: .utf8)
        let streams = master.split(separator: "\n").filter { $0.hasPrefix("#EXT-X-IMAGE-STREAM-INF:") }
        XCTAssertEqual(streams.count, 1, master)
        let stream = Self.attributes(of: String(streams.first ?? ""))
        XCTAssertEqual(stream["RESOLUTION"], "64x36", master)
        XCTAssertEqual(stream["CODECS"], "\"jpeg\"", master)
        XCTAssertGreaterThan(Int(stream["BANDWIDTH"] ?? "") ?? 0, 0, master)
        let uri = try XCTUnwrap(stream["URI"]?.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        XCTAssertEqual(uri, "thumbnails/index.m3u8")
        let playlistURL = dir.appendingPathComponent(uri)
        let playlist = try String(contentsOf: playlistURL, encoding: .utf8)
        XCTAssertTrue(playlist.contains("\n#EXT-X-IMAGES-ONLY\n"), playlist)
        XCTAssertTrue(playlist.hasSuffix("#EXT-X-ENDLIST\n"), playlist)
        let lines = playlist.split(separator: "\n").map(String.init)
        var sheets: [String] = []
        var covered = 0.0
        for (index, line) in lines.enumerated() where !line.hasPrefix("#") {
            sheets.append(line)
            let extinf = lines[index - 2]
            XCTAssertTrue(extinf.hasPrefix("#EXTINF:"), playlist)
            covered += Double(extinf.dropFirst(8).split(separator: ",")[0]) ?? 0
            let tiles = Self.attributes(of: lines[index - 1])
            XCTAssertEqual(tiles["RESOLUTION"], "64x36", playlist)
            XCTAssertEqual(tiles["LAYOUT"], "5x5", playlist)
            XCTAssertEqual(Double(tiles["DURATION"] ?? ""), 0.2, playlist)
            let jpeg = try Data(contentsOf: playlistURL.deletingLastPathComponent().appendingPathComponent(line))
            let size = try XCTUnwrap(Self.jpegSize(Array(jpeg)), line)
            XCTAssertTrue(size == (64 * 5, 36 * 5), "\(line): \(size)")
        }
        XCTAssertEqual(sheets, ["sprite_0.jpg", "sprite_1.jpg"], playlist)
        XCTAssertEqual(covered, 6, accuracy: 0.05, playlist)

        // DASH: the image set lists exactly the sheets written.
        let mpd = try Data(contentsOf: dir.appendingPathComponent("manifest.mpd"))
        let elements = try XCTUnwrap(XMLElements(mpd).list, "the MPD is well-formed")
        let sets = elements.filter { $0.name == "AdaptationSet" }
        XCTAssertEqual(sets.map { $0.attributes["id"] }, ["0", "1", "2"])
        XCTAssertEqual(sets.last?.attributes["contentType"], "image")
        XCTAssertEqual(sets.last?.attributes["mimeType"], "image/jpeg")
        let representation = try XCTUnwrap(elements.last { $0.name == "Representation" })
        XCTAssertEqual(representation.attributes["codecs"], "jpeg")
        XCTAssertEqual(representation.attributes["width"], "320")
        XCTAssertEqual(representation.attributes["height"], "180")
        let property = try XCTUnwrap(elements.first { $0.name == "EssentialProperty" })
        XCTAssertEqual(property.attributes["schemeIdUri"], "http://dashif.org/thumbnail_tile")
        XCTAssertEqual(property.attributes["value"], "5x5")
        let template = try XCTUnwrap(elements.first { $0.name == "SegmentTemplate" }).attributes
        XCTAssertEqual(template["media"], "thumbnails/sprite_$Number$.jpg")
        XCTAssertEqual(template["timescale"], "1000")
        XCTAssertEqual(template["duration"], "5000", "a full sheet: 25 tiles of 0.2 s")
        let first = try XCTUnwrap(Int(template["startNumber"] ?? ""))
        let last = try XCTUnwrap(Int(template["endNumber"] ?? ""))
        XCTAssertEqual(first...last, 0...1)
        for number in first...last {
            let path = "thumbnails/sprite_\(number).jpg"
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent(path).path), path)
        }
    }

    /// Sheet k starts at k full sheets; the last one covers its tiles up to the end of the media.
    func testTrackFactsTimeTheSheets() {
        let track = ThumbnailTrack(
            directory: "thumbnails", interval: 2, columns: 5, rows: 5, tileWidth: 160, tileHeight: 90,
            sheets: ["thumbnails/sprite_0.jpg", "thumbnails/sprite_1.jpg"], sheetBytes: [40_000, 9_000],
            duration: 61.04)
        let facts = track.facts
        XCTAssertEqual(facts.id, "thumbnails")
        XCTAssertEqual(facts.timescale, 1000)
        XCTAssertEqual(facts.tileDuration, 2000)
        XCTAssertEqual(facts.sheetDuration, 50_000)
        XCTAssertEqual(
            facts.sheets,
            [
                ImageSheetFact(number: 0, startTime: 0, duration: 50_000, byteSize: 40_000),
                ImageSheetFact(number: 1, startTime: 50_000, duration: 11_040, byteSize: 9_000),
            ])
        XCTAssertEqual(facts.sheets.map(\.fileName), ["sprite_0.jpg", "sprite_1.jpg"])
        XCTAssertEqual(facts.duration, 61_040)
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

    /// The attributes of an HLS tag line, values as written (quoted strings keep their quotes).
    static func attributes(of line: String) -> [String: String] {
        guard let colon = line.firstIndex(of: ":") else { return [:] }
        var result: [String: String] = [:]
        var name = ""
        var value = ""
        var inName = true
        var quoted = false
        for character in line[line.index(after: colon)...] {
            if inName {
                if character == "=" { inName = false } else { name.append(character) }
            } else if character == "," && !quoted {
                result[name] = value
                (name, value, inName) = ("", "", true)
            } else {
                if character == "\"" { quoted.toggle() }
                value.append(character)
            }
        }
        if !name.isEmpty { result[name] = value }
        return result
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

/// The elements of an XML document in document order, with their attributes.
private final class XMLElements: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
    }

    private var elements: [Element] = []
    /// The elements, or nil when the document is not well-formed.
    private(set) var list: [Element]?

    init(_ data: Data) {
        super.init()
        let parser = XMLParser(data: data)
        parser.delegate = self
        list = parser.parse() ? elements : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        elements.append(Element(name: elementName, attributes: attributes))
    }
}
