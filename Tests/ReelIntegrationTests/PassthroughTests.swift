import Foundation
import ReelManifest
import XCTest

@testable import ReelCore

/// `passthrough: auto` rungs: the source's video copied into the rung when it fits, the other
/// rungs encoded with IDRs at its keyframes; encoded, with the reason said, when it does not fit.
final class PassthroughTests: XCTestCase {
    private var ffmpeg: FFmpegCLI!

    override func setUpWithError() throws {
        ffmpeg = try FFmpegCLI.required()
    }

    /// An H.264 source as a mezzanine encoder makes it: 360p, B-frames, keyframes at `keyframes`
    /// seconds only (a fixed GOP by default), `bitrate`.
    private func source(
        _ directory: URL, _ name: String, bitrate: String = "500k", keyframes: String = "expr:eq(mod(n,48),0)"
    ) throws -> String {
        let path = directory.appendingPathComponent("\(name).mp4").path
        try ffmpeg.run([
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=24:duration=9", "-f", "lavfi", "-i",
            "sine=f=440:duration=9", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-b:v", bitrate,
            "-g", "1000", "-sc_threshold", "0", "-force_key_frames", keyframes, "-c:a", "aac", "-b:a", "96k",
            "-shortest", "-y", path,
        ])
        return path
    }

    /// 360p copied when it fits (cap 1 Mbit/s), 180p encoded; 4 s segments, IDRs every 2 s.
    private func ladder() -> Ladder {
        var ladder = TestMedia.smallLadder(segment: 4, keyframe: 2)
        ladder.rungs = [
            VideoRung(
                name: "360p", width: 640, height: 360, bitrate: 800_000, maxrate: 1_000_000, bufsize: 1_600_000,
                passthrough: .auto),
            VideoRung(name: "180p", width: 320, height: 180, bitrate: 200_000),
        ]
        return ladder
    }

    func testAFittingSourceIsCopiedAndTheOtherRungsAreAlignedWithItsKeyframes() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        // A fixed 2 s GOP, plus a scene-cut keyframe at 3 s the encoded rung must mirror.
        let input = try source(dir, "fits", keyframes: "expr:eq(mod(n,48),0)+eq(n,72)")
        let out = dir.appendingPathComponent("out")
        let (summary, events) = try await TestMedia.package(
            PackageRequest(source: input, ladder: ladder()), into: out)

        XCTAssertEqual(summary.renditions.map(\.id), ["v360p", "v180p", "a128k"])
        XCTAssertEqual(summary.renditions.map(\.copied), [true, false, false])
        XCTAssertFalse(events.contains { if case .warning = $0 { true } else { false } }, "\(events)")
        // The copy decodes to exactly the source's frames.
        let copied = out.appendingPathComponent("v360p/index.m3u8").path
        XCTAssertEqual(try ffmpeg.frameHashes(copied), try ffmpeg.frameHashes(input))
        // Both rungs cut at the same instants, and the encoded one has an IDR at every keyframe of the copy.
        for id in ["v360p", "v180p"] {
            let playlist = try MediaPlaylist(contentsOf: out.appendingPathComponent("\(id)/index.m3u8"))
            XCTAssertEqual(playlist.segments.map(\.duration), [4, 4, 1], id)
        }
        let sourceKeys = try ffmpeg.keyframeTimes(input)
        XCTAssertEqual(sourceKeys, [0, 2, 3, 4, 6, 8])
        let encodedKeys = Set(try ffmpeg.keyframeTimes(out.appendingPathComponent("v180p/index.m3u8").path))
        XCTAssertTrue(Set(sourceKeys).isSubset(of: encodedKeys), "\(encodedKeys.sorted())")
        // The job result says so too.
        let json = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        XCTAssertTrue(json.contains(#""copied":true"#), json)
    }

    func testASourceThatDoesNotFitIsEncodedAndTheRunSaysWhy() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        let cases: [(input: String, reason: String)] = [
            (try source(dir, "fat", bitrate: "3000k"), "bitrate"),
            // x264's own GOP: no keyframe at the 4 s segment instant.
            (try source(dir, "gop", keyframes: "expr:eq(n,0)+eq(n,60)+eq(n,110)"), "no keyframe"),
        ]
        for (input, reason) in cases {
            let out = dir.appendingPathComponent("out-\(reason)")
            let (summary, events) = try await TestMedia.package(
                PackageRequest(source: input, ladder: ladder()), into: out)
            XCTAssertEqual(summary.renditions.map(\.copied), [false, false, false], input)
            let warnings = events.compactMap { if case .warning(let text) = $0 { text } else { nil } }
            XCTAssertTrue(
                warnings.contains { $0.contains("v360p encoded, not copied") && $0.contains(reason) }, "\(warnings)")
            XCTAssertNotEqual(
                try ffmpeg.frameHashes(out.appendingPathComponent("v360p/index.m3u8").path),
                try ffmpeg.frameHashes(input))
        }
    }

    func testOnlyOneRungMayAskForPassthrough() throws {
        let yaml = """
            name: two
            video: {codec: h264, preset: veryfast}
            rungs:
              - {name: a, height: 720, bitrate: 3000k, passthrough: auto}
              - {name: b, height: 360, bitrate: 800k, passthrough: auto}
            """
        XCTAssertThrowsError(try LadderLoader.load(yaml: yaml)) { error in
            XCTAssertTrue("\(error)".contains("rungs[1].passthrough"), "\(error)")
            XCTAssertTrue("\(error)".contains("only one rung"), "\(error)")
        }
        XCTAssertThrowsError(
            try LadderLoader.load(
                yaml: "name: x\nvideo: {codec: h264, preset: veryfast}\nrungs: [{name: a, height: 360, bitrate: 1M, "
                    + "passthrough: always}]")
        ) { error in
            XCTAssertTrue("\(error)".contains("never, auto"), "\(error)")
        }
    }
}
