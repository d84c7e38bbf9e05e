import Foundation
import ReelManifest
import XCTest

@testable import ReelCore

/// Package-only runs on renditions the ffmpeg CLI encoded: copied frame for frame, cut at the
/// keyframes they share, refused when their keyframes do not line up.
final class PackageOnlyTests: XCTestCase {
    private var ffmpeg: String!

    override func setUpWithError() throws {
        guard
            let found = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("no ffmpeg CLI to encode the renditions") }
        ffmpeg = found
    }

    /// A rendition as an encoder farm makes it: H.264 with a fixed GOP, AAC.
    private func rendition(
        _ directory: URL, _ name: String, height: Int, gop: Int, seconds: Int = 10, container: String = "mp4"
    ) throws -> String {
        let path = directory.appendingPathComponent("\(name).\(container)").path
        _ = try run([
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=24:duration=\(seconds)", "-f", "lavfi", "-i",
            "sine=f=440:duration=\(seconds)", "-vf", "scale=-2:\(height)", "-c:v", "libx264", "-preset", "ultrafast",
            "-bf", "2", "-g", "\(gop)", "-keyint_min", "\(gop)", "-sc_threshold", "0", "-c:a", "aac", "-b:a", "96k",
            "-shortest", "-y", path,
        ])
        return path
    }

    private func request(_ inputs: [String], hls: SegmentContainer = .fmp4) -> PackageRequest {
        var request = PackageRequest(
            source: inputs[0], ladder: TestMedia.smallLadder(segment: 4, keyframe: 2), hlsSegments: hls)
        request.inputs = inputs.map { MediaInput(source: $0) }
        request.packageOnly = true
        return request
    }

    func testAlignedRenditionsAreCopiedFrameForFrameAndCutTogether() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        let high = try rendition(dir, "high", height: 360, gop: 48)
        let low = try rendition(dir, "low", height: 180, gop: 48)
        let out = dir.appendingPathComponent("out")
        let (summary, _) = try await TestMedia.package(request([high, low]), into: out)

        XCTAssertEqual(summary.renditions.map(\.id), ["v360p", "v180p", "a96k", "a96k-2"])
        // Segments start at the shared keyframes nearest 4 s: every 4 s, the last one 2 s.
        for id in ["v360p", "v180p"] {
            let playlist = try MediaPlaylist(contentsOf: out.appendingPathComponent("\(id)/index.m3u8"))
            XCTAssertEqual(playlist.segments.map(\.duration), [4, 4, 2], id)
            XCTAssertEqual(playlist.targetDuration, 4, id)
        }
        // Every frame decodes to exactly what the input decodes to.
        XCTAssertEqual(
            try frameHashes(out.appendingPathComponent("v360p/index.m3u8").path), try frameHashes(high))
        XCTAssertEqual(try frameHashes(out.appendingPathComponent("v180p/index.m3u8").path), try frameHashes(low))
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertTrue(mpd.contains(#"maxSegmentDuration="PT4."#), mpd)
    }

    /// x265's default open GOPs: each keyframe after the first is a CRA whose leading pictures
    /// (decoded after it, shown before it) travel with it, so a segment starts at its earliest
    /// picture, not at the keyframe, and the MPD says segments start with SAP type 3.
    func testOpenGOPsAreCutAtTheirEarliestPictureAndStartWithSAPType3() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        let input = dir.appendingPathComponent("open-gop.mp4").path
        _ = try run([
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24:duration=10", "-f", "lavfi", "-i",
            "sine=f=440:duration=10", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params",
            "keyint=48:min-keyint=48:scenecut=0:bframes=3:open-gop=1:log-level=error", "-tag:v", "hvc1",
            "-c:a", "aac", "-shortest", "-y", input,
        ])
        let out = dir.appendingPathComponent("out")
        let (summary, _) = try await TestMedia.package(request([input]), into: out)
        let audioID = try XCTUnwrap(summary.renditions.first { $0.id.hasPrefix("a") }?.id)

        let video = try MediaPlaylist(contentsOf: out.appendingPathComponent("v180p/index.m3u8"))
        let audio = try MediaPlaylist(contentsOf: out.appendingPathComponent("\(audioID)/index.m3u8"))
        let frame = 1.0 / 24
        // Segments end where the next one's earliest picture is shown: the durations add up to
        // the 240 frames, and the cuts fall a few frames before the 4 s and 8 s keyframes.
        XCTAssertEqual(video.segments.map(\.duration).reduce(0, +), 10, accuracy: frame / 2)
        XCTAssertEqual(video.segments.count, 3)
        XCTAssertLessThan(video.segments[0].duration, 4 - frame / 2)
        XCTAssertGreaterThan(video.segments[0].duration, 4 - 5 * frame)
        // Audio is cut at the same instants, to the nearest frame (1024 samples at 44.1 kHz).
        for (v, a) in zip(video.segments.dropLast(), audio.segments) {
            XCTAssertEqual(v.duration, a.duration, accuracy: 1024 / 44_100.0)
        }
        XCTAssertEqual(try frameHashes(out.appendingPathComponent("v180p/index.m3u8").path), try frameHashes(input))
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertTrue(mpd.contains(#"mimeType="video/mp4" segmentAlignment="true" startWithSAP="3""#), mpd)
        XCTAssertTrue(mpd.contains(#"mimeType="audio/mp4" segmentAlignment="true" startWithSAP="1""#), mpd)
    }

    /// An edit list that starts the presentation inside a GOP (a cut made with `-ss` and `-c copy`,
    /// a phone's trimmed recording): the pictures before it are needed to decode the GOP, so the
    /// package starts at the earliest of them, audio with it, and every segment's duration is
    /// what its samples last.
    func testAnEditListThatStartsInsideAGOPStartsThePackageAtItsEarliestPicture() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        let whole = try rendition(dir, "whole", height: 180, gop: 48)
        let trimmed = dir.appendingPathComponent("trimmed.mp4").path
        try run(["-ss", "1.0", "-i", whole, "-c", "copy", "-y", trimmed])
        let out = dir.appendingPathComponent("out")
        let (summary, _) = try await TestMedia.package(request([trimmed]), into: out)
        let audioID = try XCTUnwrap(summary.renditions.first { $0.id.hasPrefix("a") }?.id)

        // 9 s presented from 1 s, the GOP from 0 s: 10 s of pictures, cut at the 4 s and 8 s keyframes.
        let video = try MediaPlaylist(contentsOf: out.appendingPathComponent("v180p/index.m3u8"))
        XCTAssertEqual(video.segments.map(\.duration), [4, 4, 2])
        let audio = try MediaPlaylist(contentsOf: out.appendingPathComponent("\(audioID)/index.m3u8"))
        XCTAssertEqual(audio.segments.map(\.duration).reduce(0, +), 10, accuracy: 0.05)
        XCTAssertEqual(
            try frameHashes(out.appendingPathComponent("v180p/index.m3u8").path),
            try frameHashes(trimmed, inputOptions: ["-ignore_editlist", "1"]))
    }

    func testRenditionsWhoseKeyframesDoNotLineUpAreRefusedBeforeAnythingIsWritten() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        let high = try rendition(dir, "high", height: 360, gop: 48)
        let odd = try rendition(dir, "odd", height: 180, gop: 60)
        let out = dir.appendingPathComponent("out")
        do {
            _ = try await TestMedia.package(request([high, odd]), into: out)
            XCTFail("misaligned renditions were packaged")
        } catch {
            XCTAssertEqual(error.kind, "invalid_input")
            let message = error.description
            XCTAssertTrue(message.contains("v180p") && message.contains("v360p"), message)
            XCTAssertTrue(message.contains("2.000 s"), message)
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        XCTAssertEqual(left, [], "files left in the destination: \(left)")
    }

    func testTransportStreamInputToTransportStreamAndFMP4() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        let source = try rendition(dir, "talk", height: 360, gop: 48, seconds: 6, container: "ts")
        let out = dir.appendingPathComponent("out")
        let (summary, _) = try await TestMedia.package(request([source], hls: .ts), into: out)
        XCTAssertEqual(summary.renditions.map(\.kind), ["video", "audio"])
        let files = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("v360p").path)
        XCTAssertTrue(files.contains("seg_00001.ts") && files.contains("seg_00001.m4s"), "\(files)")
        // Both packages decode: HLS in MPEG-TS, DASH in fMP4 (AAC without its ADTS headers).
        XCTAssertEqual(try frameHashes(out.appendingPathComponent("master.m3u8").path).count, 144)
        XCTAssertEqual(try frameHashes(out.appendingPathComponent("manifest.mpd").path).count, 144)
    }

    func testACodecPlayersCannotTakeIsRefusedNamingTheStream() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        let path = dir.appendingPathComponent("old.mp4").path
        _ = try run([
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24:duration=2", "-c:v", "mpeg4", "-y", path,
        ])
        do {
            _ = try await TestMedia.package(request([path]), into: dir.appendingPathComponent("out"))
            XCTFail("mpeg4 was packaged as it is")
        } catch {
            XCTAssertEqual(error.kind, "unsupported")
            XCTAssertTrue(error.description.contains("stream #0: mpeg4"), error.description)
        }
    }

    /// AC-3 5.1 beside H.264, and E-AC-3 5.1 alone, copied into fMP4 for HLS and DASH: each init
    /// segment holds the dac3/dec3 box FFmpeg's muxer makes from the first frames, and the
    /// manifests state the codecs and the channels the frames carry.
    func testAC3AndEAC3AreCopiedIntoFMP4() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        let made = dir.appendingPathComponent("made.mp4").path
        try run([
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24:duration=6", "-f", "lavfi", "-i",
            "sine=f=440:duration=6,aformat=channel_layouts=5.1", "-c:v", "libx264", "-preset", "ultrafast", "-g", "48",
            "-keyint_min", "48", "-sc_threshold", "0", "-c:a", "ac3", "-b:a", "384k", "-shortest", "-y", made,
        ])
        // The input's dac3 box claims 2/0 without LFE; its frames are 3/2 with LFE, and they count.
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: made)))
        let dac3 = try XCTUnwrap(MP4Boxes.payload("dac3", in: original))
        let fields = Int(dac3[0]) << 16 | Int(dac3[1]) << 8 | Int(dac3[2])
        XCTAssertEqual(fields >> 10 & 0xF, 0b1111, "acmod 7, lfeon 1")
        let stereo = fields & ~(0xF << 10) | 0b0100 << 10
        let movie = dir.appendingPathComponent("movie.mp4")
        try Data(
            try XCTUnwrap(
                MP4Boxes.replacing(
                    "dac3", in: original, with: [16, 8, 0].map { UInt8(truncatingIfNeeded: stereo >> $0) }))
        ).write(to: movie)
        let music = dir.appendingPathComponent("music.mp4").path
        try run([
            "-f", "lavfi", "-i", "sine=f=660:duration=6,aformat=channel_layouts=5.1", "-c:a", "eac3", "-b:a", "256k",
            "-y", music,
        ])
        let out = dir.appendingPathComponent("out")
        let (summary, _) = try await TestMedia.package(request([movie.path, music]), into: out)

        XCTAssertEqual(summary.renditions.map(\.id), ["v180p", "a384k", "a256k"])
        XCTAssertEqual(summary.renditions.map(\.codecs), ["avc1.42c00c", "ac-3", "ec-3"])
        for (id, entry, box) in [("a384k", "ac-3", "dac3"), ("a256k", "ec-3", "dec3")] {
            let header = Array(try Data(contentsOf: out.appendingPathComponent("\(id)/init.mp4")))
            XCTAssertTrue(MP4Boxes.contains(entry, in: header), "\(id): \(entry) sample entry")
            let config = try XCTUnwrap(MP4Boxes.payload(box, in: header), "\(id): \(box)")
            // dac3: acmod at bits 13-11 and lfeon at bit 10 of its three bytes; dec3: in the
            // substream's third and fourth bytes, after data_rate and num_ind_sub.
            let (acmod, lfe) =
                box == "dac3"
                ? (Int(config[1] >> 3) & 7, Int(config[1] >> 2) & 1) : (Int(config[3] >> 1) & 7, Int(config[3]) & 1)
            XCTAssertEqual([acmod, lfe], [7, 1], "\(id): the frames' 3/2 with LFE, not the input's header")
            XCTAssertTrue(
                MP4Boxes.contains(
                    "moof", in: Array(try Data(contentsOf: out.appendingPathComponent("\(id)/seg_00001.m4s")))))
        }
        let master = try String(contentsOf: out.appendingPathComponent("master.m3u8"), encoding: .utf8)
        XCTAssertTrue(
            master.contains(#"CODECS="avc1.42c00c,ac-3""#) && master.contains(#"CODECS="avc1.42c00c,ec-3""#), master)
        let media = master.split(separator: "\n").filter { $0.hasPrefix("#EXT-X-MEDIA:TYPE=AUDIO") }
        XCTAssertEqual(media.count, 2, master)
        XCTAssertTrue(media.allSatisfy { $0.contains(#"CHANNELS="6""#) }, master)
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertTrue(mpd.contains(#"codecs="ac-3""#) && mpd.contains(#"codecs="ec-3""#), mpd)
        XCTAssertEqual(
            mpd.components(
                separatedBy: #"schemeIdUri="tag:dolby.com,2014:dash:audio_channel_configuration:2011" value="F801""#
            ).count - 1, 2, mpd)

        // Every frame as the input stores it, and decoded to the same samples, through HLS and DASH.
        let mpdPath = out.appendingPathComponent("manifest.mpd").path
        for (id, input) in [("a384k", movie.path), ("a256k", music)] {
            let playlist = out.appendingPathComponent("\(id)/index.m3u8").path
            let stored = try frameHashes(input, map: "0:a:0", packets: true)
            XCTAssertGreaterThanOrEqual(stored.count * 1536, 6 * 44100, "\(id): 6 s of 44.1 kHz frames")
            XCTAssertEqual(try frameHashes(playlist, map: "0:a:0", packets: true), stored, id)
            XCTAssertEqual(try frameHashes(mpdPath, map: "0:m:id:\(id)", packets: true), stored, id)
            let decoded = try frameHashes(input, map: "0:a:0")
            XCTAssertEqual(try frameHashes(playlist, map: "0:a:0"), decoded, id)
            XCTAssertEqual(try frameHashes(mpdPath, map: "0:m:id:\(id)"), decoded, id)
        }
    }

    /// H.264 (`avc3`) and HEVC (`hev1`) whose parameter sets are only in their keyframes, and an
    /// HEVC `hev1` with them in its record: every init segment is `avc1`/`hvc1` with the
    /// parameter sets in its record, every frame decodes as the input's.
    func testInBandParameterSetsGoIntoTheSampleEntry() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        func encode(_ name: String, _ codec: [String], tag: String) throws -> [UInt8] {
            let path = dir.appendingPathComponent(name).path
            // dump_extra puts the encoder's parameter sets in front of every keyframe.
            try run(
                ["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24:duration=4"] + codec + [
                    "-bsf:v", "dump_extra=freq=keyframe", "-tag:v", tag, "-y", path,
                ])
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        let h264 = try encode(
            "h264.mp4",
            ["-c:v", "libx264", "-preset", "ultrafast", "-g", "48", "-keyint_min", "48", "-sc_threshold", "0"],
            tag: "avc3")
        let hevc = try encode(
            "hevc.mp4",
            [
                "-c:v", "libx265", "-preset", "ultrafast", "-x265-params",
                "keyint=48:min-keyint=48:scenecut=0:open-gop=0:log-level=error",
            ], tag: "hev1")
        // The records lose their parameter sets: avcC keeps its first five bytes and lists no SPS
        // and no PPS; hvcC keeps its 22 bytes and lists no array.
        let avcC = try XCTUnwrap(MP4Boxes.payload("avcC", in: h264))
        let hvcC = try XCTUnwrap(MP4Boxes.payload("hvcC", in: hevc))
        XCTAssertGreaterThan(avcC[5] & 0x1F, 0)
        XCTAssertGreaterThan(hvcC[22], 0)
        let inputs = try [
            ("avc3.mp4", try XCTUnwrap(MP4Boxes.replacing("avcC", in: h264, with: Array(avcC[..<5]) + [0xE0, 0]))),
            ("hev1.mp4", try XCTUnwrap(MP4Boxes.replacing("hvcC", in: hevc, with: Array(hvcC[..<22]) + [0]))),
            ("hev1-with-sets.mp4", hevc),
        ].map { name, bytes in
            let url = dir.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url.path
        }
        let out = dir.appendingPathComponent("out")
        let (summary, _) = try await TestMedia.package(request(inputs), into: out)

        XCTAssertEqual(summary.renditions.map(\.id), ["v180p", "v180p-2", "v180p-3"])
        let mpdPath = out.appendingPathComponent("manifest.mpd").path
        for (id, input) in zip(["v180p", "v180p-2", "v180p-3"], inputs) {
            let header = Array(try Data(contentsOf: out.appendingPathComponent("\(id)/init.mp4")))
            if id == "v180p" {
                XCTAssertTrue(MP4Boxes.contains("avc1", in: header) && !MP4Boxes.contains("avc3", in: header), id)
                let record = try XCTUnwrap(MP4Boxes.payload("avcC", in: header), id)
                XCTAssertEqual(record[5] & 0x1F, 1, "\(id): one SPS")
                XCTAssertEqual(record[8 + Int(record[6]) << 8 + Int(record[7])], 1, "\(id): one PPS")
            } else {
                XCTAssertTrue(MP4Boxes.contains("hvc1", in: header) && !MP4Boxes.contains("hev1", in: header), id)
                let record = try XCTUnwrap(MP4Boxes.payload("hvcC", in: header), id)
                XCTAssertGreaterThanOrEqual(record[22], 3, "\(id): VPS, SPS and PPS arrays")
            }
            let decoded = try frameHashes(input)
            XCTAssertEqual(decoded.count, 96, id)
            XCTAssertEqual(try frameHashes(out.appendingPathComponent("\(id)/index.m3u8").path), decoded, id)
            XCTAssertEqual(try frameHashes(mpdPath, map: "0:m:id:\(id)"), decoded, id)
        }
    }

    /// An `avc3` stream with parameter sets neither in its record nor in its keyframes cannot be
    /// played; it is refused with one line naming the input and the stream, and nothing is left.
    func testAStreamWithoutParameterSetsAnywhereIsRefusedNamingIt() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        let made = dir.appendingPathComponent("made.mp4").path
        // libx264 keeps its parameter sets out of the stream when they go into the record.
        try run([
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24:duration=2", "-c:v", "libx264", "-preset", "ultrafast",
            "-tag:v", "avc3", "-y", made,
        ])
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: made)))
        let avcC = try XCTUnwrap(MP4Boxes.payload("avcC", in: original))
        let bare = dir.appendingPathComponent("bare.mp4")
        try Data(try XCTUnwrap(MP4Boxes.replacing("avcC", in: original, with: Array(avcC[..<5]) + [0xE0, 0])))
            .write(to: bare)
        let out = dir.appendingPathComponent("out")
        do {
            _ = try await TestMedia.package(request([bare.path]), into: out)
            XCTFail("a stream without parameter sets was packaged")
        } catch {
            XCTAssertEqual(error.kind, "invalid_input")
            XCTAssertTrue(error.description.hasPrefix("v180p (\(bare.path) #0): "), error.description)
            XCTAssertTrue(error.description.contains("first keyframe carries no SPS and PPS"), error.description)
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        XCTAssertEqual(left, [], "files left in the destination: \(left)")
    }

    /// The MD5 of every frame of a stream, in order: decoded, or as stored (`packets`). Audio is
    /// decoded with its priming kept (`skip_manual`): FFmpeg trims it by the edit list of a whole
    /// MP4 but not of fragments, which would change the first frame alone.
    private func frameHashes(
        _ path: String, map: String = "0:v:0", packets: Bool = false, inputOptions: [String] = []
    ) throws -> [String] {
        let arguments =
            packets
            ? inputOptions + ["-i", path, "-map", map, "-c", "copy"]
            : ["-flags2", "+skip_manual"] + inputOptions + ["-i", path, "-map", map]
        let text = String(decoding: try run(arguments + ["-f", "framemd5", "-"]), as: UTF8.self)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap {
            $0.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    @discardableResult
    private func run(_ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ffmpeg)
        process.arguments = ["-hide_banner", "-loglevel", "error", "-nostdin"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, arguments.joined(separator: " "))
        return Array(data)
    }
    /// A cue point where every rendition has a keyframe becomes a cut; one where a rendition has
    /// none stops the run with one line naming the cue and the rendition, before any file.
    func testCuePointsNeedAKeyframeInEveryRendition() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        let high = try rendition(dir, "high", height: 360, gop: 24)
        let low = try rendition(dir, "low", height: 180, gop: 48)
        var aligned = request([high, low])
        aligned.cuePoints = [6]
        let out = dir.appendingPathComponent("out")
        _ = try await TestMedia.package(aligned, into: out)
        for id in ["v360p", "v180p"] {
            let playlist = try MediaPlaylist(contentsOf: out.appendingPathComponent("\(id)/index.m3u8"))
            XCTAssertEqual(playlist.segments.map(\.duration), [4, 2, 4], id)
        }
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertEqual(mpd.components(separatedBy: "<Period ").count - 1, 2)

        var misaligned = request([high, low])
        misaligned.cuePoints = [5]
        let failed = dir.appendingPathComponent("failed")
        do {
            _ = try await TestMedia.package(misaligned, into: failed)
            XCTFail("a cue without keyframes must fail")
        } catch {
            let text = error.description
            XCTAssertTrue(text.contains("cue point 5.000 s"), text)
            XCTAssertTrue(text.contains("v180p"), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: failed.appendingPathComponent("manifest.mpd").path))
    }
}
