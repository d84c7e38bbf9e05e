import Foundation
import ReelManifest
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// Rungs of one size and frame rate are scaled once (`SharedPictures`): the rung that encodes
/// another rung's filtered frames makes exactly the stream it makes alone, and every rung keeps
/// its size, its frames and its keyframe instants.
final class SharedPicturesTests: XCTestCase {
    private static func ladder(_ rungs: [VideoRung]) -> Ladder {
        // One encoder thread per rung, so a rung encodes the same bytes in any ladder.
        Ladder(
            name: "shared", summary: "test", segmentDuration: 2, keyframeInterval: 1,
            video: VideoEncoderSettings(preset: "ultrafast", threads: 1), rungs: rungs, audio: [])
    }

    private static let rungs = [
        VideoRung(name: "360p", width: 640, height: 360, bitrate: 900_000),
        VideoRung(name: "360p-low", width: 640, height: 360, bitrate: 500_000),
        VideoRung(name: "270p-15", width: 480, height: 270, bitrate: 400_000, maxFrameRate: 15),
        VideoRung(name: "270p", width: 480, height: 270, bitrate: 400_000),
    ]

    func testARungSharingPicturesEncodesWhatItEncodesAlone() async throws {
        let ffmpeg = try FFmpegCLI.required()
        let source = try TestMedia.clip("shared-360p.mp4") {
            $0.width = 640
            $0.height = 360
            $0.duration = 4
        }
        let out = try TestMedia.scratchDirectory(self)
        _ = try await TestMedia.package(source, ladder: Self.ladder(Self.rungs), into: out)
        for rung in Self.rungs {
            let playlist = out.appendingPathComponent("v\(rung.name)/index.m3u8").path
            let report = try XCTUnwrap(MediaInspector.decodeAll(playlist).first { $0.kind == .video })
            XCTAssertEqual("\(report.width)x\(report.height)", "\(rung.width!)x\(rung.height!)", rung.name)
            XCTAssertEqual(report.frames, rung.maxFrameRate == 15 ? 60 : 120, "\(rung.name): every frame of 4 s")
            XCTAssertEqual(report.decodeErrors, 0, rung.name)
            // An IDR every second, and the last frame (`VideoEncoderStage`).
            let rate = rung.maxFrameRate ?? 30
            XCTAssertEqual(
                try ffmpeg.keyframeTimes(playlist), [0, 1, 2, 3, ((4 - 1 / rate) * 1000).rounded() / 1000],
                "\(rung.name): IDR instants")
        }

        // 360p-low encodes 360p's filtered frames; 270p (30 fps) does not share 270p-15's.
        for rung in [Self.rungs[1], Self.rungs[3]] {
            let alone = try TestMedia.scratchDirectory(self).appendingPathComponent(rung.name)
            _ = try await TestMedia.package(source, ladder: Self.ladder([rung]), into: alone)
            let shared = try ffmpeg.frameHashes(out.appendingPathComponent("v\(rung.name)/index.m3u8").path)
            XCTAssertEqual(shared.count, 120, rung.name)
            XCTAssertEqual(
                shared, try ffmpeg.frameHashes(alone.appendingPathComponent("v\(rung.name)/index.m3u8").path),
                "\(rung.name): the same pictures as the rung packaged alone")
        }
    }
}
