import Foundation
import ReelTestSupport
import XCTest

@testable import ReelEncryption

/// `SliceHeaderParser` on samples and records built by hand and from made streams: sample splitting, emulation
/// prevention, in-band parameter sets, damaged and refused units.
final class SliceHeaderParserTests: XCTestCase {
    /// An `avcC` record with no parameter sets and 4-byte lengths.
    private let emptyAVCC: [UInt8] = [1, 100, 0, 30, 0xFF, 0xE0, 0]

    func testEmulationPreventionBytesAreDroppedAndCounted() {
        let stored: [UInt8] = [0x65, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x03, 0x00, 0x03, 0x7F]
        XCTAssertEqual(EmulationPrevention.rbsp(of: stored[...], limit: 100), [0x65, 0, 0, 1, 0, 0, 0, 3, 0x7F])
        XCTAssertEqual(EmulationPrevention.rbsp(of: stored[...], limit: 4), [0x65, 0, 0])
        // RBSP bytes 1…3 are stored in 1…3; the fourth (0x01) only after the 0x03 at 3.
        XCTAssertEqual(EmulationPrevention.storedCount(ofRBSPBytes: 3, in: stored[...]), 3)
        XCTAssertEqual(EmulationPrevention.storedCount(ofRBSPBytes: 4, in: stored[...]), 5)
        XCTAssertEqual(EmulationPrevention.storedCount(ofRBSPBytes: 8, in: stored[...]), 10)
        XCTAssertEqual(EmulationPrevention.storedCount(ofRBSPBytes: 0, in: stored[...]), 0)
        // A 0x03 after a zero and an emulation prevention byte is data again.
        XCTAssertEqual(EmulationPrevention.storedCount(ofRBSPBytes: 9, in: stored[...]), 11)
    }

    func testSamplesSplitIntoUnitsThatStayClearWhenNotSlices() throws {
        // avcC with 2-byte lengths and no parameter sets; an AUD, an SEI and an end of sequence.
        var parser = try SliceHeaderParser(codec: .h264, configuration: [1, 100, 0, 30, 0xFD, 0xE0, 0])
        XCTAssertEqual(parser.lengthSize, 2)
        let sample: [UInt8] = [0, 2, 0x09, 0xF0, 0, 3, 0x06, 0x05, 0x80, 0, 1, 0x0A]
        let spans = try parser.nalUnits(inSample: ([0xEE] + sample)[1...])
        XCTAssertEqual(
            spans,
            [
                NALUnitSpan(offset: 0, length: 4, clearBytes: 4), NALUnitSpan(offset: 4, length: 5, clearBytes: 5),
                NALUnitSpan(offset: 9, length: 3, clearBytes: 3),
            ])
        XCTAssertEqual(spans.map(\.protectedBytes), [0, 0, 0])
    }

    func testLengthFieldsPastTheSampleThrow() throws {
        var parser = try SliceHeaderParser(codec: .h264, configuration: emptyAVCC)
        XCTAssertThrowsError(try parser.nalUnits(inSample: [0, 0, 0, 9, 0x09, 0xF0][...])) { error in
            XCTAssertEqual((error as? SliceHeaderError)?.kind, .truncated)
            XCTAssertTrue("\(error)".contains("runs past"), "\(error)")
        }
        XCTAssertThrowsError(try parser.nalUnits(inSample: [0, 0, 0, 2, 0x09, 0xF0, 0, 0][...])) { error in
            XCTAssertEqual((error as? SliceHeaderError)?.kind, .truncated)
        }
    }

    func testMalformedRecordsThrow() {
        for (record, codec) in [
            ([], NALCodec.h264), ([0, 100, 0, 30, 0xFF, 0xE0, 0], .h264), ([1, 100, 0, 30, 0xFE, 0xE0, 0], .h264),
            ([1, 100, 0, 30, 0xFF, 0xE1, 0, 9, 0x67], .h264), ([1, 1, 0, 0], .hevc),
        ] as [([UInt8], NALCodec)] {
            XCTAssertThrowsError(try SliceHeaderParser(codec: codec, configuration: record), "\(record)") { error in
                XCTAssertEqual((error as? SliceHeaderError)?.kind, .invalidConfiguration, "\(error)")
            }
        }
    }

    func testSlicesWithoutTheirParameterSetsThrow() throws {
        var parser = try SliceHeaderParser(codec: .h264, configuration: emptyAVCC)
        // IDR slice: first_mb_in_slice 0, slice_type 7, pic_parameter_set_id 2 (011).
        XCTAssertThrowsError(try parser.clearBytes(ofNAL: [0x65, 0b1000_1000, 0b0110_0000, 0x80][...])) { error in
            XCTAssertEqual((error as? SliceHeaderError)?.kind, .unknownParameterSet)
            XCTAssertEqual("\(error)", "H.264 slice header (NAL type 5) names PPS 2, which no parameter set defined")
        }
    }

    func testRefusedUnitsSayWhy() throws {
        var h264 = try SliceHeaderParser(codec: .h264, configuration: emptyAVCC)
        for (type, words) in [(20, "MVC"), (21, "3D-AVC"), (2, "data partitioning")] {
            XCTAssertThrowsError(try h264.clearBytes(ofNAL: [UInt8(0x60 | type), 0x80, 0, 0][...])) { error in
                XCTAssertEqual((error as? SliceHeaderError)?.kind, .unsupported)
                XCTAssertTrue("\(error)".contains(words), "\(error)")
            }
        }
        XCTAssertThrowsError(try h264.clearBytes(ofNAL: [][...])) { error in
            XCTAssertEqual((error as? SliceHeaderError)?.kind, .truncated)
        }
        // H.264 auxiliary picture slices (19) and prefix units (14) stay clear whole.
        XCTAssertEqual(try h264.clearBytes(ofNAL: [0x73, 0x80, 0x12, 0x34][...]), 4)
        XCTAssertEqual(try h264.clearBytes(ofNAL: [0x6E, 0x80, 0x12, 0x34][...]), 4)
    }

    /// Apple's MV-HEVC spatial video: the second eye's slices are in layer 1.
    func testLayeredHEVCIsRefused() throws {
        let video = try VideoSamples(path: try SharedMedia.path("androidx/water_180_mvhevc_5frames.mov"))
        var parser = try SliceHeaderParser(codec: .hevc, configuration: video.configuration)
        XCTAssertThrowsError(try video.samples.map { try parser.nalUnits(inSample: $0.bytes[...]) }) { error in
            XCTAssertEqual((error as? SliceHeaderError)?.kind, .unsupported)
            XCTAssertTrue("\(error)".contains("nuh_layer_id 1"), "\(error)")
        }
    }

    /// A sample whose NAL length field is wrong (the file's own damage).
    func testDamagedLengthFieldThrows() throws {
        let video = try VideoSamples(path: try SharedMedia.path("androidx/sample_with_invalid_nalu.mp4"))
        var parser = try SliceHeaderParser(codec: .h264, configuration: video.configuration)
        var failures: [SliceHeaderError] = []
        for sample in video.samples {
            do { _ = try parser.nalUnits(inSample: sample.bytes[...]) } catch { failures.append(error) }
        }
        XCTAssertEqual(failures.count, 1, "\(failures)")
        XCTAssertEqual(failures.first?.kind, .truncated)
    }

    /// Every slice cut anywhere before the end of its header throws `truncated`; cut right after it, it gives
    /// the same clear bytes.
    func testTruncatedSlicesThrow() throws {
        let oracle = try SliceHeaderOracle()
        defer { oracle.removeFolder() }
        for (codec, encoder) in [
            (NALCodec.h264, ["-c:v", "libx264", "-x264-params", "bframes=2:weightp=2"]),
            (.h264, ["-c:v", "libx264", "-coder", "0"]),
            (.hevc, ["-c:v", "libx265", "-x265-params", "log-level=error:wpp=1:slices=2:weightp=1"]),
        ] {
            let video = try VideoSamples(path: try oracle.make("cut.mp4", encoder, seconds: "0.4"))
            var parser = try SliceHeaderParser(codec: codec, configuration: video.configuration)
            var cuts = 0
            for sample in video.samples {
                for span in try parser.nalUnits(inSample: sample.bytes[...]) where span.protectedBytes > 0 {
                    let nal = sample.bytes[(span.offset + parser.lengthSize)..<(span.offset + span.length)]
                    let clear = span.clearBytes - parser.lengthSize
                    for end in 0..<clear {
                        XCTAssertThrowsError(try parser.clearBytes(ofNAL: nal.prefix(end))) { error in
                            XCTAssertEqual((error as? SliceHeaderError)?.kind, .truncated, "\(error)")
                        }
                        cuts += 1
                    }
                    XCTAssertEqual(try parser.clearBytes(ofNAL: nal.prefix(clear)), clear)
                }
            }
            XCTAssertGreaterThan(cuts, 50)
        }
    }

    /// Random bytes after slice NAL headers, with the hand-built streams' parameter sets (every feature on):
    /// each unit is sized or throws a `SliceHeaderError`, nothing traps.
    func testRandomSlicesThrowOrParse() throws {
        var random = XorShift(seed: 0x5EED)
        for (codec, units, headers) in [
            (NALCodec.h264, SyntheticH264Stream.units, [[0x65], [0x41], [0x01], [0x21]] as [[UInt8]]),
            (.hevc, SyntheticHEVCStream.units, [[0x26, 0x01], [0x02, 0x01], [0x00, 0x01], [0x2A, 0x01]]),
        ] {
            var parser = try SliceHeaderParser(
                codec: codec, configuration: codec == .h264 ? emptyAVCC : [1] + Array(repeating: 0, count: 20) + [3, 0])
            for unit in units { _ = try parser.clearBytes(ofNAL: unit[...]) }
            var sized = 0
            for round in 0..<20000 {
                let body = (0..<random.next(below: 48)).map { _ in UInt8(random.next(below: 256)) }
                let nal = headers[round % headers.count] + body
                do {
                    let clear = try parser.clearBytes(ofNAL: nal[...])
                    XCTAssertLessThanOrEqual(clear, nal.count)
                    sized += 1
                } catch {
                    XCTAssertFalse(error.message.isEmpty)
                }
            }
            XCTAssertGreaterThan(sized, 0, "\(codec.name): no random slice parsed")
        }
    }
}

/// A small seeded generator, so random tests repeat.
private struct XorShift {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next(below bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
}
