import Foundation
import ReelManifest
import XCTest

@testable import ReelMedia

/// fMP4 headers that need the stream's first frames: AC-3 and E-AC-3 (`dac3`/`dec3` from the
/// frames), and H.264/HEVC whose parameter sets are only in-band (`InBandParameterSets`).
final class HeaderFromFramesTests: XCTestCase {
    func testAC3AndEAC3HeadersComeWithTheFirstSegment() throws {
        for (name, entry, box) in [("ac3", "ac-3", "dac3"), ("eac3", "ec-3", "dec3")] {
            let (encoder, packets) = try TestPattern.audio(name, seconds: 1)
            let codec = try CodecParameters(encoder: encoder)
            XCTAssertEqual(codec.channelMask, 0x3F, "\(name): 5.1 is FL FR FC LFE BL BR")
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

    // MARK: In-band parameter sets

    /// H.264 NAL units: SPS (High, level 3.1), PPS, IDR slice.
    private let sps: [UInt8] = [0x67, 0x64, 0x00, 0x1F, 0xAC, 0xD9, 0x40, 0x50]
    private let pps: [UInt8] = [0x68, 0xEB, 0xE3, 0xCB, 0x22, 0xC0]
    private let idr: [UInt8] = [0x65, 0x88, 0x84, 0x00, 0x33]

    private func lengthPrefixed(_ units: [[UInt8]], size: Int = 4) -> [UInt8] {
        units.flatMap { unit in (0..<size).reversed().map { UInt8(truncatingIfNeeded: unit.count >> ($0 * 8)) } + unit }
    }

    func testAVCRecordFromALengthPrefixedKeyframe() throws {
        for size in [4, 2] {
            let found = try XCTUnwrap(
                InBandParameterSets(
                    keyframe: lengthPrefixed([sps, pps, sps, idr], size: size), isHEVC: false, lengthSize: size))
            XCTAssertEqual(
                found.extradata,
                [1, 0x64, 0x00, 0x1F, 0xFC | UInt8(size - 1), 0xE1, 0, UInt8(sps.count)] + sps
                    + [1, 0, UInt8(pps.count)] + pps,
                "one SPS (the repeat left out), one PPS, the samples' length size")
            XCTAssertEqual(found.rewrite, .none, "the samples stay as they are")
        }
    }

    func testAVCRecordFromAnAnnexBKeyframe() throws {
        let keyframe = [0, 0, 0, 1] + sps + [0, 0, 1] + pps + [0, 0, 0, 1] + idr
        let found = try XCTUnwrap(InBandParameterSets(keyframe: keyframe, isHEVC: false, lengthSize: nil))
        XCTAssertEqual(found.extradata, AVCConfiguration.record(fromAnnexB: keyframe))
        XCTAssertEqual(found.rewrite, .annexBToLengthPrefixed)
    }

    func testHEVCParameterSetsGoToTheMuxerInAnnexB() throws {
        // nal_unit_type 32 VPS, 33 SPS, 34 PPS, 19 IDR_W_RADL (type in bits 1-6 of the first byte).
        let vps: [UInt8] = [0x40, 0x01, 0x0C, 0x01]
        let hsps: [UInt8] = [0x42, 0x01, 0x01, 0x01]
        let hpps: [UInt8] = [0x44, 0x01, 0xC1, 0x72]
        let slice: [UInt8] = [0x26, 0x01, 0xAF, 0x00]
        let found = try XCTUnwrap(
            InBandParameterSets(keyframe: lengthPrefixed([vps, hsps, hpps, slice]), isHEVC: true, lengthSize: 4))
        XCTAssertEqual(found.extradata, [0, 0, 0, 1] + vps + [0, 0, 0, 1] + hsps + [0, 0, 0, 1] + hpps)
        XCTAssertEqual(found.rewrite, .lengthPrefixedToAnnexB(lengthSize: 4))
        XCTAssertNil(
            InBandParameterSets(keyframe: lengthPrefixed([hsps, hpps, slice]), isHEVC: true, lengthSize: 4),
            "no VPS")
    }

    func testAKeyframeWithoutBothParameterSetsGivesNoRecord() {
        XCTAssertNil(InBandParameterSets(keyframe: lengthPrefixed([sps, idr]), isHEVC: false, lengthSize: 4))
        XCTAssertNil(InBandParameterSets(keyframe: lengthPrefixed([pps, idr]), isHEVC: false, lengthSize: 4))
        XCTAssertNil(InBandParameterSets(keyframe: [], isHEVC: false, lengthSize: 4))
    }

    func testLengthPrefixedUnitsStopAtATruncatedUnit() {
        let bytes = lengthPrefixed([sps, pps]) + [0, 0, 0, 9, 0x65]
        XCTAssertEqual(
            InBandParameterSets.lengthPrefixedUnits(bytes, lengthSize: 4).map(Array.init), [sps, pps])
    }

    func testAnnexBCopyAndBackGiveTheSamePacket() throws {
        let (_, packets) = try TestPattern.h264(seconds: 1)
        let packet = try XCTUnwrap(packets.first)
        // libx264's packets are Annex B; their length-prefixed form goes back to the same NAL units.
        let prefixed = try packet.lengthPrefixedCopy()
        let annexB = try prefixed.annexBCopy(lengthSize: 4)
        XCTAssertEqual(try annexB.lengthPrefixedCopy().data, prefixed.data)
        XCTAssertEqual(annexB.pts, packet.pts)
        XCTAssertEqual(annexB.isKeyframe, packet.isKeyframe)
    }
}

extension Array where Element == UInt8 {
    /// Whether a four-character box type occurs in the bytes.
    fileprivate func contains(fourCC: String) -> Bool {
        let needle = Array(fourCC.utf8)
        return indices.dropLast(3).contains { self[$0..<$0 + 4].elementsEqual(needle) }
    }
}
