import ReelManifest
import XCTest

@testable import ReelCore

/// Cutting a track into HLS WebVTT segments and DASH `wvtt` fragments at the video's instants.
final class SubtitleSegmentTests: XCTestCase {
    /// 30 fps video in fMP4 (its edit list starts the presentation at the first picture, so MPEGTS 0),
    /// cut at 4 s and 8 s, 10 s long; segment times are presentation times.
    private let timeline = SubtitleTimeline(
        timescale: 90_000,
        segments: [
            SegmentFact(number: 1, fileName: "seg_00001.m4s", startTime: 0, duration: 360_000, byteSize: 1),
            SegmentFact(number: 2, fileName: "seg_00002.m4s", startTime: 360_000, duration: 360_000, byteSize: 1),
            SegmentFact(number: 3, fileName: "seg_00003.m4s", startTime: 720_000, duration: 180_000, byteSize: 1),
        ],
        mpegTS: 0)

    /// The same video in MPEG-TS segments: no edit list, so presentation zero is the offset (two frames).
    func testTransportStreamSegmentsMapCueZeroToTheOffset() {
        var transport = timeline
        transport.mpegTS = 6000
        XCTAssertEqual(
            WebVTTSegmenter(timeline: transport).segments(for: track)[2].components(separatedBy: "\n")[1],
            "X-TIMESTAMP-MAP=MPEGTS:6000,LOCAL:00:00:00.000")
    }

    private let track = SubtitleTrack(
        id: "s-en", language: "en", name: "English",
        cues: [
            SubtitleCue(start: 500, end: 2500, text: "First", identifier: "one"),
            SubtitleCue(start: 3500, end: 8200, text: "Spans <i>two</i> boundaries", settings: CueSettings.numpad(8)),
            SubtitleCue(start: 9000, end: 12_000, text: "Runs past the end"),
            SubtitleCue(start: 10_000, end: 11_000, text: "After the end"),
        ],
        styles: ["::cue { color: yellow }"], origin: "test")

    func testWebVTTSegmentsRepeatSpanningCuesWithTheTimestampMap() {
        let segments = WebVTTSegmenter(timeline: timeline).segments(for: track)
        XCTAssertEqual(segments.count, 3)
        XCTAssertEqual(
            segments[0],
            """
            WEBVTT
            X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000

            STYLE
            ::cue { color: yellow }

            one
            00:00:00.500 --> 00:00:02.500
            First

            00:00:03.500 --> 00:00:08.200 line:5%
            Spans <i>two</i> boundaries


            """)
        XCTAssertEqual(
            segments[1].components(separatedBy: "\n\n").dropFirst(2),
            ["00:00:03.500 --> 00:00:08.200 line:5%\nSpans <i>two</i> boundaries", ""])
        XCTAssertEqual(
            segments[2].components(separatedBy: "\n\n").dropFirst(2),
            [
                "00:00:03.500 --> 00:00:08.200 line:5%\nSpans <i>two</i> boundaries",
                "00:00:09.000 --> 00:00:12.000\nRuns past the end", "",
            ])
        XCTAssertEqual(timeline.cuesAfterEnd(track.cues), 1)
    }

    func testEmptySegmentHasOnlyTheHeader() {
        let quiet = SubtitleTrack(
            id: "s", language: nil, name: "x", cues: [SubtitleCue(start: 0, end: 100, text: "a")], origin: "t")
        XCTAssertEqual(
            WebVTTSegmenter(timeline: timeline).segments(for: quiet)[2],
            "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n")
    }

    func testInitSegmentDescribesAWebVTTTrack() throws {
        let bytes = WVTTWriter(timeline: timeline).initSegment(for: track)
        let top = try BoxReader.children(bytes[...])
        XCTAssertEqual(top.map(\.type), ["ftyp", "moov"])
        let moov = try BoxReader.children(top[1].payload)
        XCTAssertEqual(moov.map(\.type), ["mvhd", "trak", "mvex"])
        let mdia = try BoxReader.find(["trak", "mdia"], in: top[1].payload)
        let mdhd = try XCTUnwrap(try BoxReader.find(["mdhd"], in: mdia))
        XCTAssertEqual(BoxReader.u32(mdhd, at: 12), 90_000, "media timescale = the video's")
        XCTAssertEqual(BoxReader.u16(mdhd, at: 20), 0x15C7, "language 'eng'")
        let hdlr = try BoxReader.find(["hdlr"], in: mdia)
        XCTAssertEqual(String(decoding: hdlr.dropFirst(8).prefix(4), as: UTF8.self), "text")
        let stsd = try BoxReader.find(["minf", "stbl", "stsd"], in: mdia)
        let entry = try BoxReader.children(stsd.dropFirst(8))
        XCTAssertEqual(entry.map(\.type), ["wvtt"])
        let config = try BoxReader.find(["vttC"], in: entry[0].payload.dropFirst(8))
        XCTAssertEqual(String(decoding: config, as: UTF8.self), "WEBVTT\n\nSTYLE\n::cue { color: yellow }")
    }

    /// Samples tile each segment exactly: empty `vtte` gaps and one `vttc` per cue showing, the spanning cue
    /// clipped to the segment in each.
    func testMediaSegmentsTileTheSegmentWithCues() throws {
        let writer = WVTTWriter(timeline: timeline)
        var samples: [[(start: Int64, duration: Int64, cues: [String])]] = []
        for index in 0..<3 {
            let segment = try BoxReader.samples(writer.segment(index, for: track))
            XCTAssertEqual(segment.first?.start, timeline.segments[index].startTime, "tfdt = the video's start")
            XCTAssertEqual(segment.map(\.duration).reduce(0, +), timeline.segments[index].duration)
            samples.append(segment)
        }
        // Segment 1: [0, 0.5) empty, first cue, empty, the spanning cue from 3.5 to the end.
        XCTAssertEqual(samples[0].map(\.duration), [45_000, 180_000, 90_000, 45_000])
        XCTAssertEqual(samples[0].map(\.cues), [[], ["one|First"], [], ["|Spans <i>two</i> boundaries"]])
        XCTAssertEqual(samples[1].map(\.cues), [["|Spans <i>two</i> boundaries"]])
        XCTAssertEqual(samples[2].map(\.duration), [18_000, 72_000, 90_000])
        XCTAssertEqual(
            samples[2].map(\.cues), [["|Spans <i>two</i> boundaries"], [], ["|Runs past the end"]])
    }
}

/// Reads ISO BMFF boxes in the tests.
enum BoxReader {
    struct Box {
        var type: String
        var payload: ArraySlice<UInt8>
    }

    struct Malformed: Error {}

    static func u32(_ bytes: ArraySlice<UInt8>, at offset: Int) -> UInt32 {
        let start = bytes.startIndex + offset
        return bytes[start..<start + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func u16(_ bytes: ArraySlice<UInt8>, at offset: Int) -> UInt16 {
        let start = bytes.startIndex + offset
        return UInt16(bytes[start]) << 8 | UInt16(bytes[start + 1])
    }

    static func children(_ bytes: ArraySlice<UInt8>) throws -> [Box] {
        var boxes: [Box] = []
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            guard offset + 8 <= bytes.endIndex else { throw Malformed() }
            let size = Int(u32(bytes, at: offset - bytes.startIndex))
            guard size >= 8, offset + size <= bytes.endIndex else { throw Malformed() }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            boxes.append(Box(type: type, payload: bytes[offset + 8..<offset + size]))
            offset += size
        }
        return boxes
    }

    /// The payload at a path of nested boxes.
    static func find(_ path: [String], in bytes: ArraySlice<UInt8>) throws -> ArraySlice<UInt8> {
        var current = bytes
        for type in path {
            guard let box = try children(current).first(where: { $0.type == type }) else { throw Malformed() }
            current = box.payload
        }
        return current
    }

    /// The samples of a `[moof mdat]` fragment: start time, duration and each `vttc` as `identifier|payload`.
    static func samples(_ bytes: [UInt8]) throws -> [(start: Int64, duration: Int64, cues: [String])] {
        let top = try children(bytes[...])
        guard top.map(\.type) == ["moof", "mdat"] else { throw Malformed() }
        let traf = try find(["traf"], in: top[0].payload)
        let tfdt = try find(["tfdt"], in: traf)
        var time = Int64(u32(tfdt, at: 4)) << 32 | Int64(u32(tfdt, at: 8))
        let trun = try find(["trun"], in: traf)
        let count = Int(u32(trun, at: 4))
        var dataOffset = Int(u32(trun, at: 8)) - (top[0].payload.count + 8) - 8
        var samples: [(Int64, Int64, [String])] = []
        for index in 0..<count {
            let duration = Int64(u32(trun, at: 12 + index * 8))
            let size = Int(u32(trun, at: 16 + index * 8))
            let data = top[1].payload.dropFirst(dataOffset).prefix(size)
            var cues: [String] = []
            for box in try children(data) where box.type == "vttc" {
                let parts = try children(box.payload)
                let identifier = parts.first { $0.type == "iden" }.map { String(decoding: $0.payload, as: UTF8.self) }
                let payload = parts.first { $0.type == "payl" }.map { String(decoding: $0.payload, as: UTF8.self) }
                cues.append("\(identifier ?? "")|\(payload ?? "")")
            }
            samples.append((time, duration, cues))
            time += duration
            dataOffset += size
        }
        return samples
    }
}
