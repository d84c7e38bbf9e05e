import Foundation
import ReelManifest
import XCTest

@testable import ReelMedia

/// The edit list Reel adds to fMP4 init segments: its boxes, and that readers start the
/// presentation at the offset it names.
final class EditListTests: XCTestCase {
    // MARK: - Boxes

    private func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        let size = UInt32(8 + payload.count)
        return [UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
            + Array(type.utf8) + payload
    }

    private func size(at offset: Int, in bytes: [UInt8]) -> Int {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
    }

    private func type(at offset: Int, in bytes: [UInt8]) -> String {
        String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
    }

    /// `ftyp` + `moov` with an `mvhd` and two tracks, as FFmpeg's `empty_moov` header has them.
    private var initSegment: [UInt8] {
        let trak = box("trak", box("tkhd", [UInt8](repeating: 1, count: 84)) + box("mdia", [2, 2, 2, 2]))
        return box("ftyp", Array("iso6".utf8) + [0, 0, 0, 0])
            + box("moov", box("mvhd", [UInt8](repeating: 0, count: 100)) + trak + trak)
    }

    func testAnEditFollowsTheTkhdOfEveryTrackAndTheSizesGrow() throws {
        let original = initSegment
        let edited = try EditList.starting(at: 3003, in: original)
        let edit = EditList.editBox(mediaTime: 3003)
        XCTAssertEqual(edit.count, 36, "edts(8) + elst(8 + version/flags 4 + count 4 + 4 + 4 + rate 4)")
        XCTAssertEqual(edited.count, original.count + 2 * edit.count)

        let moov = size(at: 0, in: edited)  // after ftyp
        XCTAssertEqual(type(at: moov, in: edited), "moov")
        XCTAssertEqual(size(at: moov, in: edited), size(at: moov, in: original) + 2 * edit.count)
        var trak = moov + 8 + size(at: moov + 8, in: edited)  // after mvhd
        for _ in 0..<2 {
            XCTAssertEqual(type(at: trak, in: edited), "trak")
            let tkhd = trak + 8
            let edts = tkhd + size(at: tkhd, in: edited)
            XCTAssertEqual(type(at: edts, in: edited), "edts")
            XCTAssertEqual(Array(edited[edts..<edts + edit.count]), edit)
            XCTAssertEqual(type(at: edts + edit.count, in: edited), "mdia")
            trak += size(at: trak, in: edited)
        }
        XCTAssertEqual(trak, edited.count)
    }

    func testTheEditStartsAtTheMediaTime() {
        let edit = EditList.editBox(mediaTime: 3003)
        // elst payload: version 0, flags, one entry, segment_duration 0, media_time, rate 1.0.
        XCTAssertEqual(Array(edit[8..<16]), [0, 0, 0, 36 - 8] + Array("elst".utf8))
        XCTAssertEqual(Array(edit[16..<36]), [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x0B, 0xBB, 0, 1, 0, 0])
        let wide = EditList.editBox(mediaTime: Int64(Int32.max) + 1)
        XCTAssertEqual(wide.count, 44, "version 1 for times past 32 bits")
        XCTAssertEqual(wide[16], 1)
    }

    func testNoOffsetLeavesTheHeaderAsItIs() throws {
        XCTAssertEqual(try EditList.starting(at: 0, in: initSegment), initSegment)
    }

    func testHeadersItCannotEditAreErrors() {
        XCTAssertThrowsError(try EditList.starting(at: 10, in: box("ftyp", [0, 0, 0, 0])))
        XCTAssertThrowsError(try EditList.starting(at: 10, in: box("moov", box("mvhd", [0]))))
        let edited = box("moov", box("trak", box("tkhd", [1]) + EditList.editBox(mediaTime: 5)))
        XCTAssertThrowsError(try EditList.starting(at: 10, in: edited), "a track with an edit already")
    }

    // MARK: - Read back

    /// Muxes a clip with B-frames (its first packets decode before presentation time zero) as
    /// fMP4 with a presentation offset, and reads it back through libavformat: the first picture
    /// is at 0, not at the offset the container's timestamps carry.
    func testEditListInTheInitSegmentStartsThePresentationAtTheOffset() throws {
        let (encoder, packets) = try TestPattern.h264(seconds: 1, preset: "veryfast")
        XCTAssertGreaterThan(encoder.reorderDelay, 0, "veryfast has B-frames")
        XCTAssertLessThan(try XCTUnwrap(packets.first?.dts), 0, "the first packet decodes before time zero")

        // The offset covers the reordering delay, as the packager's does: no timestamp is negative.
        let delay = encoder.reorderDelay
        let muxer = try SegmentMuxer(encoder: encoder, format: .fmp4, timescale: 90000)
        let header = try XCTUnwrap(muxer.start(presentationOffset: Rational(delay, 25)))
        XCTAssertEqual(muxer.presentationOffset, Int64(delay) * 3600, "\(delay) frames at 90 kHz")
        XCTAssertEqual(muxer.presentationZero, 0, "fMP4 readers apply the edit list")
        let edit = EditList.editBox(mediaTime: muxer.presentationOffset)
        XCTAssertNotNil(
            header.indices.first { header[$0..<min(header.count, $0 + edit.count)].elementsEqual(edit) },
            "the header holds the edit")
        for packet in packets { try muxer.write(packet) }
        let segment = try muxer.finish()

        let path = try TestPattern.scratchDirectory(self).appendingPathComponent("clip.mp4").path
        try Data(header + segment.bytes).write(to: URL(fileURLWithPath: path))
        let video = try XCTUnwrap(MediaInspector.decodeAll(path).first)
        XCTAssertEqual(video.frames, 25)
        XCTAssertEqual(try XCTUnwrap(video.firstTime), 0, accuracy: 0.001)
        XCTAssertEqual(try XCTUnwrap(video.endTime), 1, accuracy: 0.05)
        XCTAssertTrue(video.firstFrameIsKeyframe)
    }
}
