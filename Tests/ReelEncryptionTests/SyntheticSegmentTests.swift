import Foundation
import XCTest

@testable import ReelEncryption

/// Segments built by hand: the sample-size fallbacks, several fragments per segment, byte offsets
/// moved by `SegmentEdit`, and (only printed) the encryptors' throughput.
final class SyntheticSegmentTests: XCTestCase {
    let key = try! ContentKey(keyID: "00112233445566778899aabbccddeeff", key: "ffeeddccbbaa99887766554433221100")

    func testSampleSizesFromTfhdAndTrex() throws {
        let samples = (0..<10).map { index in (0..<100).map { UInt8(truncatingIfNeeded: $0 * index) } }
        for sizesIn in [SyntheticTrack.SizesIn.trun, .tfhd, .trex] {
            let initSegment = SyntheticTrack.initSegment(video: false, defaultSampleSize: sizesIn == .trex ? 100 : 0)
            var encryptor = try SegmentEncryptor(
                initSegment: initSegment, protection: try .cenc(key: key), firstIV: 1)
            let clear = SyntheticTrack.fragment(samples, sizesIn: sizesIn)
            var segment = clear
            let edit = try encryptor.encrypt(&segment)
            let fragment = try XCTUnwrap(try EncryptionRoundTripTests.fragments(of: segment).first)
            XCTAssertEqual(segment.bigEndianUInt32(at: fragment.senc.payloadStart + 4), 10, "\(sizesIn)")
            XCTAssertEqual(edit.addedBytes, 16 + 10 * 8 + 17 + 20, "\(sizesIn)")  // senc, saiz, saio
            // Every sample changed, all 100 bytes of it.
            let mdat = Array(segment[fragment.mdat.payload])
            for (index, sample) in samples.enumerated() {
                XCTAssertEqual(zip(mdat[index * 100..<index * 100 + 100], sample).filter { $0 == $1 }.count < 10, true)
            }
            XCTAssertEqual(encryptor.nextIV, 11)
        }
        var encryptor = try SegmentEncryptor(
            initSegment: SyntheticTrack.initSegment(video: false), protection: try .cenc(key: key))
        var other = SyntheticTrack.fragment(samples, sequence: 7, trackID: 2)
        XCTAssertThrowsError(try encryptor.encrypt(&other)) {
            XCTAssertEqual("\($0)", "fragment 7: traf of track 2, the init segment's track is 1")
        }
        var sizeless = SyntheticTrack.fragment(samples, sequence: 3, sizesIn: .trex)
        XCTAssertThrowsError(try encryptor.encrypt(&sizeless)) {
            XCTAssertEqual("\($0)", "fragment 3: trun without sample sizes")
        }
    }

    func testSeveralFragmentsAndMovedOffsets() throws {
        let initSegment = SyntheticTrack.initSegment(video: true)
        let first = (0..<5).map { SyntheticTrack.videoSample(size: 300 + $0 * 37, seed: $0) }
        let second = (5..<8).map { SyntheticTrack.videoSample(size: 300 + $0 * 37, seed: $0) }
        let styp = ISOBox.make("styp", Array("msdh".utf8) + [0, 0, 0, 0])
        let clear = styp + SyntheticTrack.fragment(first, sequence: 1) + SyntheticTrack.fragment(second, sequence: 2)
        var segment = clear
        var encryptor = try SegmentEncryptor(
            initSegment: initSegment, protection: try .cbcs(key: key), nalUnitScanner: NALHeaderScanner())
        let edit = try encryptor.encrypt(&segment)
        XCTAssertEqual(edit.insertions.count, 2)
        XCTAssertEqual(segment.count, clear.count + edit.addedBytes)
        // The second fragment's moof, and its first sample's slice header, move by what went before.
        let clearTop = try ISOBox.children(of: clear, in: 0..<clear.count, context: "clear")
        let top = try ISOBox.children(of: segment, in: 0..<segment.count, context: "encrypted")
        XCTAssertEqual(top.map { "\($0.type)" }, ["styp", "moof", "mdat", "moof", "mdat"])
        XCTAssertEqual(Array(segment[0..<styp.count]), styp)
        for index in 1..<5 {
            XCTAssertEqual(edit.newOffset(of: clearTop[index].start), top[index].start)
        }
        let sliceHeader = clearTop[4].payloadStart + 6
        XCTAssertEqual(
            segment[edit.newOffset(of: sliceHeader)..<edit.newOffset(of: sliceHeader) + 5],
            clear[sliceHeader..<sliceHeader + 5])
        // cbcs video: one subsample per sample, AUD and slice header clear, the rest in the pattern.
        let fragments = try EncryptionRoundTripTests.fragments(of: segment)
        let senc = fragments[1].senc
        XCTAssertEqual(segment.bigEndianUInt32(at: senc.payloadStart), 2)  // flags: subsamples
        XCTAssertEqual(segment.bigEndianUInt16(at: senc.payloadStart + 8), 1)
        XCTAssertEqual(segment.bigEndianUInt16(at: senc.payloadStart + 10), 11)
        XCTAssertEqual(Int(segment.bigEndianUInt32(at: senc.payloadStart + 12)), second[0].count - 11)
    }

    /// Throughput of each scheme on 1080p-sized video samples and AAC-sized audio samples; only
    /// printed (debug builds measure the Swift around BoringSSL more than AES itself).
    func testThroughputIsPrinted() throws {
        let videoSamples = (0..<40).map { SyntheticTrack.videoSample(size: 60_000 + $0 * 1000, seed: $0) }
        let audioSamples = (0..<400).map { SyntheticTrack.videoSample(size: 400 + $0 % 7, seed: $0) }
        let video = SyntheticTrack.fragment(videoSamples)
        let audio = SyntheticTrack.fragment(audioSamples)
        func measure(_ name: String, _ clear: [UInt8], rounds: Int, _ body: (inout [UInt8]) throws -> Void) rethrows {
            var bytes = 0
            let clock = ContinuousClock()
            let elapsed = try clock.measure {
                for _ in 0..<rounds {
                    var segment = clear
                    try body(&segment)
                    bytes += clear.count
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            print(String(format: "ReelEncryption throughput: %@ %.1f MB/s", name, Double(bytes) / seconds / 1e6))
        }
        for scheme in EncryptionScheme.allCases {
            let protection = TrackProtection.make(scheme, key: key)
            var videoEncryptor = try SegmentEncryptor(
                initSegment: SyntheticTrack.initSegment(video: true), protection: protection,
                nalUnitScanner: NALHeaderScanner())
            try measure("\(scheme) video", video, rounds: 10) { try videoEncryptor.encrypt(&$0) }
            var audioEncryptor = try SegmentEncryptor(
                initSegment: SyntheticTrack.initSegment(video: false), protection: protection)
            try measure("\(scheme) audio", audio, rounds: 10) { try audioEncryptor.encrypt(&$0) }
        }
        let cipher = HLSSegmentCipher(key: key)
        measure("AES-128 segment", video, rounds: 10) { $0 = cipher.encrypt($0, mediaSequence: 1) }
    }
}
