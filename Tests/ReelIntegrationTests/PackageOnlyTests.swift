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

    /// The MD5 of every decoded video frame, in order.
    private func frameHashes(_ path: String) throws -> [String] {
        let text = String(decoding: try run(["-i", path, "-map", "0:v:0", "-f", "framemd5", "-"]), as: UTF8.self)
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
}
