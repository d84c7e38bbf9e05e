import Foundation
import XCTest

@testable import ReelEncryption

/// Encrypts ffmpeg-made fragmented files (one track each, as Reel writes them) with `cbcs` and
/// `cenc`, checks the boxes, and has FFmpeg's mp4 demuxer decrypt them back to the clear packets.
final class EncryptionRoundTripTests: XCTestCase {
    let key = try! ContentKey(keyID: "eb676abb-cb34-5e96-bbcf-616630f1a3da", key: "100b6c20940f779a4589152b57d2dacb")
    let wrongKey = "100b6c20940f779a4589152b57d2dacc"
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "reel-encryption-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if ProcessInfo.processInfo.environment["REEL_KEEP_TEST_FILES"] != nil {
            print("kept \(directory.path)")
            return
        }
        try? FileManager.default.removeItem(at: directory)
    }

    func testH264() throws {
        // B-frames and three slices per picture: several VCL NAL units per sample.
        let file = try makeInput(
            "h264.mp4",
            [
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "3", "-c:v", "libx264", "-preset",
                "veryfast",
                "-bf", "2", "-g", "12", "-keyint_min", "12", "-sc_threshold", "0", "-x264-params", "slices=3",
                "-pix_fmt", "yuv420p",
            ])
        for scheme in EncryptionScheme.allCases {
            // NAL headers clear only, then slice headers too (the default scanner, SliceHeaderParser).
            try roundTrip(
                file, protection: .make(scheme, key: key), scanner: NALHeaderScanner(), nal: (4, false),
                name: "h264-\(scheme)")
            try roundTrip(file, protection: .make(scheme, key: key), nal: (4, false), name: "h264-slices-\(scheme)")
        }
    }

    func testHEVC() throws {
        let file = try makeInput(
            "hevc.mp4",
            [
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "2", "-c:v", "libx265", "-preset",
                "ultrafast",
                "-x265-params", "log-level=error:keyint=12:min-keyint=12:scenecut=0", "-tag:v", "hvc1",
                "-pix_fmt", "yuv420p",
            ])
        for scheme in EncryptionScheme.allCases {
            try roundTrip(
                file, protection: .make(scheme, key: key), scanner: NALHeaderScanner(hevc: true), nal: (4, true),
                name: "hevc-\(scheme)")
            try roundTrip(file, protection: .make(scheme, key: key), nal: (4, true), name: "hevc-slices-\(scheme)")
        }
    }

    func testAAC() throws {
        let file = try makeInput(
            "aac.mp4",
            [
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=3", "-c:a", "aac", "-b:a", "96k",
                "-frag_duration", "500000",
            ], movflags: "empty_moov+default_base_moof")
        for scheme in EncryptionScheme.allCases {
            try roundTrip(file, protection: .make(scheme, key: key), nal: nil, name: "aac-\(scheme)")
        }
    }

    func testCENCIVsCountUpFromTheFirstAcrossSegments() throws {
        let file = try makeInput(
            "aac-iv.mp4",
            ["-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", "-frag_duration", "300000"],
            movflags: "empty_moov+default_base_moof")
        let protection = try TrackProtection.cenc(key: key)
        var encryptor = try SegmentEncryptor(initSegment: file.initSegment, protection: protection, firstIV: .max - 3)
        var ivs: [UInt64] = []
        for var segment in file.segments {
            try encryptor.encrypt(&segment)
            for fragment in try Self.fragments(of: segment) {
                let senc = fragment.senc
                for index in 0..<Int(segment.bigEndianUInt32(at: senc.payloadStart + 4)) {
                    ivs.append(segment.bigEndianUInt64(at: senc.payloadStart + 8 + index * 8))
                }
            }
        }
        XCTAssertGreaterThan(ivs.count, 10)
        XCTAssertEqual(ivs, (0..<UInt64(ivs.count)).map { (UInt64.max - 3) &+ $0 })
        XCTAssertEqual(encryptor.nextIV, (UInt64.max - 3) &+ UInt64(ivs.count))
    }

    func testRefusesWhatItCannotEncrypt() throws {
        let file = try makeInput(
            "refuse.mp4", ["-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", "-frag_duration", "300000"],
            movflags: "empty_moov+default_base_moof")
        let protection = try TrackProtection.cbcs(key: key)
        var encryptor = try SegmentEncryptor(initSegment: file.initSegment, protection: protection)
        var segment = file.segments[0]
        try encryptor.encrypt(&segment)
        XCTAssertThrowsError(try encryptor.encrypt(&segment)) {
            XCTAssertEqual("\($0)", "fragment 1: encrypted already (has senc)")
        }
        let protectedInit = try InitSegmentProtector.protect(file.initSegment, with: protection)
        XCTAssertThrowsError(try InitSegmentProtector.protect(protectedInit, with: protection)) {
            XCTAssertEqual("\($0)", "init segment: track is protected already")
        }
        XCTAssertThrowsError(try InitSegmentProtector.protect(Array(file.initSegment.prefix(24)), with: protection)) {
            XCTAssertTrue("\($0)".hasPrefix("init segment: "), "\($0)")
        }
        let video = try makeInput(
            "refuse-video.mp4", ["-f", "lavfi", "-i", "testsrc2=duration=1", "-c:v", "libx264", "-preset", "ultrafast"])
        var damaged = video.initSegment
        let avcC = try XCTUnwrap(
            (0..<damaged.count - 4).first { Array(damaged[$0..<$0 + 4]) == Array("avcC".utf8) })
        damaged[avcC + 4] = 2  // configurationVersion
        XCTAssertThrowsError(try SegmentEncryptor(initSegment: damaged, protection: protection)) {
            XCTAssertEqual("\($0)", "init segment: avc1 configuration: the avcC record's configurationVersion is not 1")
        }
    }

    // MARK: - The round trip

    /// Protects and encrypts `file`, checks its boxes, and compares what FFmpeg decrypts with the
    /// clear packets and decoded frames.
    /// - Parameters:
    ///   - scanner: The scanner to encrypt with; nil for the default one.
    ///   - nal: Video: the NAL length size and whether it is HEVC, to check that headers stay clear.
    private func roundTrip(
        _ file: FragmentedFile, protection: TrackProtection, scanner: (any NALUnitScanner)? = nil,
        nal: (lengthSize: Int, hevc: Bool)?, name: String
    ) throws {
        let psshBoxes = [
            try PSSHBox.common(keyIDs: [key.keyID]),
            try PSSHBox.widevine(keyIDs: [key.keyID], scheme: protection.scheme),
            try PSSHBox.playReady(keyIDs: [key.keyID], scheme: protection.scheme),
        ]
        var encrypted = FragmentedFile(
            initSegment: try InitSegmentProtector.protect(file.initSegment, with: protection, psshBoxes: psshBoxes),
            segments: [])
        var encryptor = try SegmentEncryptor(
            initSegment: file.initSegment, protection: protection, nalUnitScanner: scanner)
        for segment in file.segments {
            var bytes = segment
            let edit = try encryptor.encrypt(&bytes)
            XCTAssertEqual(bytes.count, segment.count + edit.addedBytes, name)
            encrypted.segments.append(bytes)
        }
        try checkInit(
            encrypted.initSegment, clear: file.initSegment, protection: protection, pssh: psshBoxes, name: name)
        try checkSegments(
            encrypted.segments, clear: file.segments, protection: protection, nal: nal,
            reference: try scanner
                ?? SegmentEncryptor.defaultScanner(for: TrackDescription(initSegment: file.initSegment)),
            name: name)

        let ffmpeg = try FFmpegRunner.required()
        let clearPath = try file.write("\(name)-clear.mp4", in: directory)
        let encryptedPath = try encrypted.write("\(name)-enc.mp4", in: directory)
        for decode in [false, true] {
            let clear = try ffmpeg.hashes(clearPath, decode: decode)
            let decrypted = try ffmpeg.hashes(encryptedPath, decryptionKey: keyHex, decode: decode)
            XCTAssertEqual(clear.status, 0, name)
            XCTAssertGreaterThan(clear.hashes.count, 20, name)
            XCTAssertEqual(decrypted.status, 0, "\(name): ffmpeg failed to decrypt")
            XCTAssertEqual(decrypted.hashes, clear.hashes, "\(name): \(decode ? "frames" : "packets") differ")
        }
        // The wrong key: packets come out different (or ffmpeg fails).
        let clearPackets = try ffmpeg.hashes(clearPath, decode: false).hashes
        let wrong = try ffmpeg.hashes(encryptedPath, decryptionKey: wrongKey, decode: false)
        if wrong.status == 0 {
            let same = zip(wrong.hashes, clearPackets).filter { $0 == $1 }.count
            XCTAssertLessThan(same, clearPackets.count / 10, "\(name): the wrong key decrypts \(same) packets")
        }
        // Read seekable, one fragment at a time: FFmpeg then takes the sample information from
        // saiz/saio (where they are written) instead of senc. (FFmpeg 5.1 loses it when it can seek
        // a file of several fragments.)
        for index in 0..<2 {
            func oneFragment(_ file: FragmentedFile, _ name: String) throws -> String {
                let fragment = try Self.fragments(of: file.segments[0])[index]
                let bytes = Array(file.segments[0][fragment.moof.start..<fragment.mdat.end])
                return try FragmentedFile(initSegment: file.initSegment, segments: [bytes]).write(name, in: directory)
            }
            let read = ["-map", "0", "-c", "copy", "-f", "framemd5", "-"]
            let seekable = try ffmpeg.run(
                ["-decryption_key", keyHex, "-i", try oneFragment(encrypted, "\(name)-one.mp4")] + read)
            let seekableClear = try ffmpeg.run(["-i", try oneFragment(file, "\(name)-one-clear.mp4")] + read)
            XCTAssertEqual(seekable.status, 0, name)
            XCTAssertFalse(Self.hashLines(seekableClear.output).isEmpty, name)
            XCTAssertEqual(
                Self.hashLines(seekable.output), Self.hashLines(seekableClear.output),
                "\(name): fragment \(index + 1) read seekable differs")
        }
    }

    private var keyHex: String { ContentKey.hex(key.key) }

    private static func hashLines(_ output: [UInt8]) -> [String] {
        String(decoding: output, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map(FFmpegRunner.dataHash)
    }

    private func makeInput(
        _ name: String, _ arguments: [String], movflags: String = "frag_keyframe+empty_moov+default_base_moof"
    )
        throws -> FragmentedFile
    {
        let ffmpeg = try FFmpegRunner.required()
        let path = directory.appendingPathComponent(name).path
        let result = try ffmpeg.run(arguments + ["-movflags", movflags, "-f", "mp4", "-y", path])
        XCTAssertEqual(result.status, 0, "ffmpeg failed to make \(name)")
        return try FragmentedFile(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    // MARK: - Box checks

    private func checkInit(
        _ bytes: [UInt8], clear: [UInt8], protection: TrackProtection, pssh: [PSSHBox], name: String
    ) throws {
        let top = try ISOBox.children(of: bytes, in: 0..<bytes.count, context: name)
        XCTAssertEqual(top.map { "\($0.type)" }, ["ftyp", "moov"], name)
        let track = try TrackDescription(initSegment: bytes)
        let clearTrack = try TrackDescription(initSegment: clear)
        XCTAssertTrue(track.isProtected, name)
        XCTAssertEqual(track.format, clearTrack.format, name)
        let entry = track.sampleEntries[0]
        XCTAssertEqual("\(entry.type)", track.isVideo ? "encv" : "enca", name)
        // The entry is the clear one with a new type and a sinf appended.
        let clearEntry = clearTrack.sampleEntries[0]
        XCTAssertEqual(
            Array(bytes[entry.start + 8..<entry.start + clearEntry.size]),
            Array(clear[clearEntry.start + 8..<clearEntry.end]))
        let sinf = try ISOBox.children(of: bytes, in: entry.start + clearEntry.size..<entry.end, context: name)
        XCTAssertEqual(sinf.map { "\($0.type)" }, ["sinf"], name)
        let frma = try ISOBox.path(["frma"], in: bytes, range: sinf[0].payload, context: name)
        XCTAssertEqual(FourCC(bytes.bigEndianUInt32(at: frma.payloadStart)), clearTrack.format, name)
        let schm = try ISOBox.path(["schm"], in: bytes, range: sinf[0].payload, context: name)
        XCTAssertEqual(bytes.bigEndianUInt32(at: schm.payloadStart + 4), protection.scheme.fourCC, name)
        XCTAssertEqual(bytes.bigEndianUInt32(at: schm.payloadStart + 8), 0x10000, name)
        let tenc = try ISOBox.path(["schi", "tenc"], in: bytes, range: sinf[0].payload, context: name)
        let at = tenc.payloadStart
        XCTAssertEqual(bytes[at + 6], 1, "\(name): default_isProtected")
        XCTAssertEqual(Array(bytes[at + 8..<at + 24]), key.keyID, name)
        switch protection.scheme {
        case .cbcs:
            XCTAssertEqual(bytes[at], 1, "\(name): tenc version")
            XCTAssertEqual(bytes[at + 5], track.isVideo ? 0x19 : 0x00, "\(name): pattern")
            XCTAssertEqual(bytes[at + 7], 0, "\(name): per-sample IV size")
            XCTAssertEqual(bytes[at + 24], 16, name)
            XCTAssertEqual(Array(bytes[at + 25..<at + 41]), protection.constantIV, name)
            XCTAssertEqual(tenc.end, at + 41, name)
        case .cenc:
            XCTAssertEqual(bytes[at], 0, "\(name): tenc version")
            XCTAssertEqual(bytes[at + 5], 0, name)
            XCTAssertEqual(bytes[at + 7], 8, "\(name): per-sample IV size")
            XCTAssertEqual(tenc.end, at + 24, name)
        }
        let moov = top[1]
        let moovChildren = try ISOBox.children(of: bytes, in: moov.payload, context: name)
        XCTAssertEqual(moovChildren.suffix(3).map { "\($0.type)" }, ["pssh", "pssh", "pssh"], name)
        XCTAssertEqual(try PSSHBox.parseAll(Array(bytes[moov.payload])), pssh, name)
        XCTAssertEqual(bytes.count, clear.count + sinf[0].size + pssh.reduce(0) { $0 + $1.bytes.count }, name)
    }

    struct Fragment {
        var moof: ISOBox
        var mdat: ISOBox
        var trun: ISOBox
        var senc: ISOBox
        var saiz: ISOBox?
        var saio: ISOBox?
        var trafTypes: [String]
    }

    static func fragments(of segment: [UInt8]) throws -> [Fragment] {
        let top = try ISOBox.children(of: segment, in: 0..<segment.count, context: "segment")
        return try zip(top, top.dropFirst()).filter { $0.0.type == "moof" }.map { moof, mdat in
            let traf = try ISOBox.path(["traf"], in: segment, range: moof.payload, context: "moof")
            let children = try ISOBox.children(of: segment, in: traf.payload, context: "traf")
            return Fragment(
                moof: moof, mdat: mdat, trun: try ISOBox.required("trun", among: children, context: "traf"),
                senc: children.last(where: { $0.type == "senc" }) ?? traf,
                saiz: children.first { $0.type == "saiz" }, saio: children.first { $0.type == "saio" },
                trafTypes: children.map { "\($0.type)" })
        }
    }

    private func checkSegments(
        _ segments: [[UInt8]], clear clearSegments: [[UInt8]], protection: TrackProtection,
        nal: (lengthSize: Int, hevc: Bool)?, reference: (any NALUnitScanner)?, name: String
    ) throws {
        let video = nal != nil
        var reference = reference
        var samplesChecked = 0
        var protectedRanges = 0
        for (segmentIndex, (bytes, clear)) in zip(segments, clearSegments).enumerated() {
            let fragments = try Self.fragments(of: bytes)
            let clearFragments = try Self.fragments(of: clear)
            XCTAssertEqual(fragments.count, clearFragments.count, name)
            for (fragment, clearFragment) in zip(fragments, clearFragments) {
                let context = "\(name), segment \(segmentIndex + 1), moof at \(fragment.moof.start)"
                XCTAssertEqual(fragment.trafTypes.last, "senc", context)
                let trun = fragment.trun
                let flags = bytes.bigEndianUInt32(at: trun.payloadStart) & 0xFF_FFFF
                let count = Int(bytes.bigEndianUInt32(at: trun.payloadStart + 4))
                let dataOffset = Int(bytes.bigEndianUInt32(at: trun.payloadStart + 8))
                XCTAssertEqual(
                    fragment.moof.start + dataOffset, fragment.mdat.payloadStart, "\(context): trun data offset")
                XCTAssertEqual(fragment.mdat.size, clearFragment.mdat.size, context)
                XCTAssertNotEqual(flags & 0x200, 0, "\(context): FFmpeg writes sizes in trun")
                let recordSize = [0x100, 0x200, 0x400, 0x800].filter { flags & UInt32($0) != 0 }.count * 4
                let sizeAt = trun.payloadStart + 12 + (flags & 4 != 0 ? 4 : 0) + (flags & 0x100 != 0 ? 4 : 0)
                let sizes = (0..<count).map { Int(bytes.bigEndianUInt32(at: sizeAt + $0 * recordSize)) }

                let senc = fragment.senc
                let sencFlags = bytes.bigEndianUInt32(at: senc.payloadStart) & 0xFF_FFFF
                XCTAssertEqual(sencFlags, video ? 2 : 0, context)
                XCTAssertEqual(
                    Int(bytes.bigEndianUInt32(at: senc.payloadStart + 4)), count, "\(context): senc sample count")
                var at = senc.payloadStart + 8
                var entrySizes: [Int] = []
                var sampleStart = fragment.mdat.payloadStart
                let clearStart = clearFragment.mdat.payloadStart
                for (index, size) in sizes.enumerated() {
                    let entryStart = at
                    at += protection.perSampleIVSize
                    var subsamples: [(clear: Int, protected: Int)] = [(size, 0)]
                    if video {
                        let pairs = Int(bytes.bigEndianUInt16(at: at))
                        at += 2
                        subsamples = (0..<pairs).map {
                            (
                                Int(bytes.bigEndianUInt16(at: at + $0 * 6)),
                                Int(bytes.bigEndianUInt32(at: at + $0 * 6 + 2))
                            )
                        }
                        at += pairs * 6
                    } else {
                        subsamples = [(0, size)]
                    }
                    entrySizes.append(at - entryStart)
                    XCTAssertEqual(
                        subsamples.reduce(0) { $0 + $1.clear + $1.protected }, size, "\(context), sample \(index)")
                    // Clear bytes unchanged, the first block of every protected range changed.
                    var clearMask = [Bool](repeating: false, count: size)
                    var offset = 0
                    for subsample in subsamples {
                        for byte in offset..<offset + subsample.clear { clearMask[byte] = true }
                        offset += subsample.clear
                        if subsample.protected >= 16 {
                            let inClear = clearStart + (sampleStart - fragment.mdat.payloadStart) + offset
                            XCTAssertNotEqual(
                                bytes[sampleStart + offset..<sampleStart + offset + 16], clear[inClear..<inClear + 16],
                                "\(context), sample \(index): protected range left clear")
                            protectedRanges += 1
                        }
                        if protection.scheme == .cenc && video {
                            XCTAssertEqual(subsample.protected % 16, 0, "\(context), sample \(index): partial block")
                        }
                        offset += subsample.protected
                    }
                    let inSample = sampleStart - fragment.mdat.payloadStart
                    for byte in 0..<size where clearMask[byte] {
                        if bytes[sampleStart + byte] != clear[clearStart + inSample + byte] {
                            XCTFail("\(context), sample \(index): clear byte \(byte) changed")
                            break
                        }
                    }
                    // Every NAL unit's length field and header lie in clear bytes.
                    if let nal {
                        let header = nal.lengthSize + (nal.hevc ? 2 : 1)
                        var nal = 0
                        while nal < size {
                            XCTAssertTrue(
                                clearMask[nal..<nal + header].allSatisfy { $0 },
                                "\(context), sample \(index): NAL at \(nal)")
                            let length = bytes[sampleStart + nal..<sampleStart + nal + 4].reduce(0) {
                                $0 << 8 | Int($1)
                            }
                            nal += 4 + length
                        }
                        XCTAssertEqual(nal, size, "\(context), sample \(index): NAL lengths readable")
                    }
                    // And every byte the scanner keeps clear (slice headers, for SliceHeaderParser).
                    if reference != nil {
                        let spans = try reference!.nalUnits(
                            inSample: clear[clearStart + inSample..<clearStart + inSample + size])
                        for span in spans {
                            XCTAssertTrue(
                                clearMask[span.offset..<span.offset + span.clearBytes].allSatisfy { $0 },
                                "\(context), sample \(index): NAL at \(span.offset) keeps its header clear")
                        }
                    }
                    sampleStart += size
                    samplesChecked += 1
                }
                XCTAssertEqual(at, senc.end, "\(context): senc entries fill it")
                if protection.scheme == .cbcs && !video {
                    XCTAssertNil(fragment.saiz, "\(context): empty auxiliary information, no saiz")
                    XCTAssertNil(fragment.saio, context)
                    XCTAssertEqual(senc.size, 16, context)
                    continue
                }
                guard let saiz = fragment.saiz, let saio = fragment.saio else {
                    XCTFail("\(context): saiz and saio missing")
                    continue
                }
                XCTAssertEqual(fragment.trafTypes.suffix(3), ["saiz", "saio", "senc"], context)
                let defaultSize = Int(bytes[saiz.payloadStart + 4])
                XCTAssertEqual(Int(bytes.bigEndianUInt32(at: saiz.payloadStart + 5)), count, "\(context): saiz count")
                let saizSizes =
                    defaultSize != 0
                    ? [Int](repeating: defaultSize, count: count)
                    : (0..<count).map { Int(bytes[saiz.payloadStart + 9 + $0]) }
                XCTAssertEqual(saizSizes, entrySizes, "\(context): saiz sizes")
                XCTAssertEqual(bytes.bigEndianUInt32(at: saio.payloadStart + 4), 1, context)
                XCTAssertEqual(
                    fragment.moof.start + Int(bytes.bigEndianUInt32(at: saio.payloadStart + 8)), senc.payloadStart + 8,
                    "\(context): saio points at the first senc entry")
            }
        }
        XCTAssertGreaterThan(samplesChecked, 20, name)
        XCTAssertGreaterThan(protectedRanges, samplesChecked / 2, name)
    }
}
