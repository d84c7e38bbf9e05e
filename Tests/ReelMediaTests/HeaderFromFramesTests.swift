import Foundation
import ReelManifest
import XCTest

@testable import ReelMedia

/// fMP4 headers that need the stream's first frames: AC-3 and E-AC-3 (`dac3`/`dec3` from the
/// frames).
final class HeaderFromFramesTests: XCTestCase {
    func testAC3AndEAC3HeadersComeWithTheFirstSegment() throws {
        for (name, entry, box) in [("ac3", "ac-3", "dac3"), ("eac3", "ec-3", "dec3")] {
            let (encoder, packets) = try TestPattern.audio(name, seconds: 1)
            let codec = try CodecParameters(encoder: encoder)
            let muxer = try SegmentMuxer(codec: codec, format: .fmp4, timescale: 48000)
            XCTAssertNil(try muxer.start(presentationOffset: Rational(0, 1)), "\(name): the header waits")
            let half = packets.count / 2
            for packet in packets[..<half] { try muxer.write(packet.clone()) }
            let first = try muxer.cut()
            for packet in packets[half...] { try muxer.write(packet.clone()) }
            let last = try muxer.finish()

            let header = try XCTUnwrap(first.initSegment, "\(name): the first segment brings the header")
            XCTAssertNil(last.initSegment, name)
            XCTAssertEqual(String(decoding: header[4..<8], as: UTF8.self), "ftyp", name)
            XCTAssertTrue(header.contains(fourCC: entry) && header.contains(fourCC: box), "\(name): \(entry)/\(box)")
            XCTAssertFalse(header.contains(fourCC: "moof"), "\(name): the header holds no fragment")
            for segment in [first, last] {
                XCTAssertEqual(String(decoding: segment.bytes[4..<8], as: UTF8.self), "moof", name)
            }
            let path = try TestPattern.scratchDirectory(self).appendingPathComponent("\(name).mp4").path
            try Data(header + first.bytes + last.bytes).write(to: URL(fileURLWithPath: path))
            let audio = try XCTUnwrap(MediaInspector.decodeAll(path).first)
            XCTAssertEqual(audio.channels, 6, name)
            XCTAssertEqual(audio.decodeErrors, 0, name)
            XCTAssertEqual(audio.samples, packets.count * 1536, name)
        }
    }

    func testMPEGTSHeaderDoesNotWait() throws {
        let (encoder, _) = try TestPattern.audio("ac3", seconds: 1)
        let muxer = try SegmentMuxer(codec: try CodecParameters(encoder: encoder), format: .ts, timescale: 90000)
        XCTAssertEqual(try muxer.start(presentationOffset: Rational(0, 1)), [])
    }

    func testAHeaderThatGotNoFrameIsAnError() throws {
        let (encoder, _) = try TestPattern.audio("ac3", seconds: 1)
        let muxer = try SegmentMuxer(codec: try CodecParameters(encoder: encoder), format: .fmp4, timescale: 48000)
        XCTAssertNil(try muxer.start(presentationOffset: Rational(0, 1)))
        XCTAssertTrue(try muxer.cut().bytes.isEmpty, "nothing to cut yet")
        XCTAssertThrowsError(try muxer.finish()) { error in
            XCTAssertTrue("\(error)".contains("ac3: no frame"), "\(error)")
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether a four-character box type occurs in the bytes.
    fileprivate func contains(fourCC: String) -> Bool {
        let needle = Array(fourCC.utf8)
        return indices.dropLast(3).contains { self[$0..<$0 + 4].elementsEqual(needle) }
    }
}
