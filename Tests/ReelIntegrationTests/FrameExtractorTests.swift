import Foundation
import ReelManifest
import ReelOutput
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// `FrameExtractor` against a reference: the same file decoded front to back without seeking,
/// picking the last frame with pts ≤ T by hand. PNG is lossless and deterministic, so a wrong
/// frame gives different bytes.
final class FrameExtractorTests: XCTestCase {
    /// 8 s, 25 fps (frames every 40 ms), a keyframe every second, B-frames (libx264 default).
    private func clip() throws -> String {
        try TestMedia.clip("frames.mp4") {
            $0.width = 320
            $0.height = 180
            $0.frameRate = Rational(25, 1)
            $0.duration = 8
            $0.gopSize = 25
            $0.audioTracks = []
        }
    }

    /// The expected picture for each time: sequential decode, no seeks.
    private func reference(_ path: String, times: [Double], rotation: Int = 0) throws -> [(ptsNs: Int64, png: [UInt8])]
    {
        let demuxer = try Demuxer(url: path)
        let index = try XCTUnwrap(demuxer.bestStream(.video))
        let decoder = try Decoder(demuxer: demuxer, streamIndex: index)
        let tb = decoder.timeBase
        let origin = Int64(((demuxer.startTime ?? 0) / tb.value).rounded())
        var frames: [(pts: Int64, frame: Frame)] = []
        while let packet = try demuxer.read() {
            guard packet.streamIndex == index else { continue }
            for f in try decoder.decode(packet) { frames.append((f.bestEffortTimestamp!, f)) }
        }
        for f in try decoder.decode(nil) { frames.append((f.bestEffortTimestamp!, f)) }
        frames.sort { $0.pts < $1.pts }
        let encoder = ImageEncoder(format: .png, width: nil, rotation: rotation, timeBase: tb)
        return try times.map { t in
            let ticks = origin + Int64(((t + 1e-6) / tb.value).rounded(.down))
            let picked = try XCTUnwrap(frames.last { $0.pts <= ticks }, "no frame at \(t)")
            let ns = Int64((Double(picked.pts - origin) * tb.value * 1e9).rounded())
            return (ns, try encoder.encode(picked.frame))
        }
    }

    private func assertMatches(
        _ frames: [ExtractedFrame], _ expected: [(ptsNs: Int64, png: [UInt8])], file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertEqual(frames.count, expected.count, file: file, line: line)
        for (i, (frame, want)) in zip(frames, expected).enumerated() {
            XCTAssertEqual(frame.ptsNanoseconds, want.ptsNs, "frame \(i) pts", file: file, line: line)
            XCTAssertTrue(
                frame.image == want.png, "frame \(i): picture differs from the reference", file: file, line: line)
        }
    }

    func testTimestampExactlyOnAFrame() throws {
        let path = try clip()
        let times = [2.0, 2.04, 0.0]
        let frames = try FrameExtractor(source: MediaSource(uri: path)).extract(at: times)
        XCTAssertEqual(frames.map(\.ptsNanoseconds), [2_000_000_000, 2_040_000_000, 0])
        assertMatches(frames, try reference(path, times: times))
    }

    func testTimestampBetweenFramesPicksTheFrameOnScreen() throws {
        let path = try clip()
        let times = [2.03, 2.0399, 3.999]
        let frames = try FrameExtractor(source: MediaSource(uri: path)).extract(at: times)
        XCTAssertEqual(frames.map(\.ptsNanoseconds), [2_000_000_000, 2_000_000_000, 3_960_000_000])
        assertMatches(frames, try reference(path, times: times))
    }

    func testTimesInOneKeyframeBlockSeekOnce() throws {
        let path = try clip()
        let times = [3.1, 3.3, 3.5, 3.86]
        let extractor = try FrameExtractor(source: MediaSource(uri: path))
        let frames = try extractor.extract(at: times)
        XCTAssertEqual(extractor.seeks, 1, "one keyframe block, one seek")
        XCTAssertLessThanOrEqual(extractor.decodedFrames, 25 + 4, "decodes at most the block once")
        assertMatches(frames, try reference(path, times: times))
    }

    func testTimesAcrossBlocksSeekOncePerBlock() throws {
        let path = try clip()
        let times = [0.5, 0.7, 4.5, 4.6, 7.5]
        let extractor = try FrameExtractor(source: MediaSource(uri: path))
        let frames = try extractor.extract(at: times)
        XCTAssertEqual(extractor.seeks, 3, "three blocks far apart")
        XCTAssertLessThan(extractor.decodedFrames, 100, "blocks between the targets are skipped, not decoded")
        assertMatches(frames, try reference(path, times: times))
    }

    func testUnsortedAndDuplicateTimesComeBackInCallerOrder() throws {
        let path = try clip()
        let times = [5.5, 1.0, 5.5, 0.0, 3.33, 1.0]
        let extractor = try FrameExtractor(source: MediaSource(uri: path))
        var deliveries = 0
        try extractor.extract(at: times) { frame in
            deliveries += 1
            XCTAssertEqual(
                frame.requestIndices.map { times[$0] },
                Array(repeating: frame.requestedTime, count: frame.requestIndices.count))
        }
        XCTAssertEqual(deliveries, 4, "duplicates decoded and encoded once")
        let frames = try extractor.extract(at: times)
        XCTAssertEqual(frames.map(\.requestedTime), times)
        XCTAssertEqual(frames[0].image, frames[2].image)
        XCTAssertEqual(frames[1].image, frames[5].image)
        assertMatches(frames, try reference(path, times: times))
    }

    /// MPEG-TS has no index and starts at a non-zero time: seeks bisect by timestamp and may land
    /// after the target (stepped back), and times count from the start like `ffmpeg -ss`.
    func testMPEGTSWithoutIndex() throws {
        let path = try TestMedia.clip("frames.ts") {
            $0.width = 320
            $0.height = 180
            $0.frameRate = Rational(25, 1)
            $0.duration = 8
            $0.gopSize = 25
            $0.audioTracks = []
        }
        let times = [7.5, 1.0, 4.02, 7.9, 0.0, 0.5, 2.99]
        let extractor = try FrameExtractor(source: MediaSource(uri: path))
        let frames = try extractor.extract(at: times)
        XCTAssertEqual(
            frames.map(\.ptsNanoseconds),
            [7_480_000_000, 1_000_000_000, 4_000_000_000, 7_880_000_000, 0, 480_000_000, 2_960_000_000])
        assertMatches(frames, try reference(path, times: times))
    }

    /// The same with B-frames (decode times before presentation times), as the ffmpeg CLI writes
    /// it: a timestamp seek near the start lands on the second keyframe, so the extractor rewinds.
    func testMPEGTSWithBFramesFromTheFFmpegCLI() throws {
        guard
            let ffmpeg = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("no ffmpeg CLI to write an MPEG-TS with B-frames") }
        let dir = try TestMedia.scratchDirectory(self)
        let path = dir.appendingPathComponent("bframes.ts").path
        _ = try run(
            ffmpeg,
            [
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-t", "8", "-c:v", "libx264", "-g", "25",
                "-bf", "2", "-pix_fmt", "yuv420p", "-f", "mpegts", "-y", path,
            ])
        let times = [7.5, 1.0, 4.02, 0.0, 0.5, 2.99]
        let frames = try FrameExtractor(source: MediaSource(uri: path)).extract(at: times)
        XCTAssertEqual(
            frames.map(\.ptsNanoseconds), [7_480_000_000, 1_000_000_000, 4_000_000_000, 0, 480_000_000, 2_960_000_000])
        assertMatches(frames, try reference(path, times: times))
    }

    func testRotatedSourceComesOutUpright() throws {
        let path = try TestMedia.clip("rotated-frames.mp4") {
            $0.width = 320
            $0.height = 180
            $0.frameRate = Rational(25, 1)
            $0.duration = 3
            $0.gopSize = 25
            $0.rotation = 90
            $0.audioTracks = []
        }
        let extractor = try FrameExtractor(source: MediaSource(uri: path))
        // SampleClip's 90 is FFmpeg's counter-clockwise display matrix: 270° clockwise to show upright.
        XCTAssertEqual(extractor.videoStream.rotation, 270)
        let frames = try extractor.extract(at: [1.0])
        XCTAssertEqual(frames[0].width, 180)
        XCTAssertEqual(frames[0].height, 320)
        // The direction, against the ffmpeg CLI (which applies the display matrix itself).
        guard
            let ffmpeg = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("no ffmpeg CLI to compare the rotation direction with") }
        let dir = try TestMedia.scratchDirectory(self)
        let ours = dir.appendingPathComponent("ours.png")
        try Data(frames[0].image).write(to: ours)
        let theirs = try run(
            ffmpeg, ["-ss", "1", "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
        let mine = try run(ffmpeg, ["-i", ours.path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
        XCTAssertEqual(theirs.count, 180 * 320 * 3)
        XCTAssertEqual(mine.count, theirs.count)
        let meanError =
            zip(mine, theirs).reduce(0.0) { $0 + Double(abs(Int($1.0) - Int($1.1))) } / Double(max(mine.count, 1))
        XCTAssertLessThan(meanError, 2.0, "same picture, same orientation as ffmpeg")
        // Turned the other way it would differ a lot.
        let wrong = try run(
            ffmpeg, ["-i", ours.path, "-vf", "hflip,vflip", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
        let wrongError =
            zip(wrong, theirs).reduce(0.0) { $0 + Double(abs(Int($1.0) - Int($1.1))) } / Double(max(wrong.count, 1))
        XCTAssertGreaterThan(wrongError, 10)
    }

    func testTimesOutsideTheStreamAreRejected() throws {
        let extractor = try FrameExtractor(source: MediaSource(uri: try clip()))
        for bad in [8.0, 12.5, -0.5] {
            XCTAssertThrowsError(try extractor.extract(at: [1, bad])) { error in
                guard case .permanent(let message) = error as? ReelError else { return XCTFail("\(error)") }
                XCTAssertTrue(message.contains("outside the video stream"), message)
            }
        }
    }

    func testAudioOnlySourceIsRejected() throws {
        let path = try TestMedia.clip("audio-only.m4a") {
            $0.hasVideo = false; $0.duration = 2
        }
        XCTAssertThrowsError(try FrameExtractor(source: MediaSource(uri: path))) { error in
            guard case .invalidInput(_, _, let reason) = error as? ReelError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("no video stream"), reason)
        }
    }

    /// A `data:` URI holding a PNG is a still image, not video: rejected with a message saying so.
    func testDataURIImageIsRejectedForFrames() throws {
        let png = try FrameExtractor(source: MediaSource(uri: try clip())).extract(at: [1])[0].image
        let uri = "data:image/png;base64," + Data(png).base64EncodedString()
        XCTAssertThrowsError(try FrameExtractor(source: MediaSource(uri: uri))) { error in
            guard case .invalidInput(let source, _, let reason) = error as? ReelError else {
                return XCTFail("\(error)")
            }
            XCTAssertTrue(reason.contains("still image"), reason)
            XCTAssertTrue(source.hasPrefix("data:image/png;base64,…"), "the message abbreviates the URI: \(source)")
        }
        XCTAssertThrowsError(try FrameExtractor(source: MediaSource(uri: "data:text/plain,hello%20world"))) { error in
            guard case .invalidInput(_, _, let reason) = error as? ReelError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("not a video"), reason)
        }
    }

    /// A video inside a `data:` URI is read from memory like any other source.
    func testDataURIVideoGivesTheSameFrames() throws {
        let path = try TestMedia.clip("small-data.mp4") {
            $0.width = 160
            $0.height = 90
            $0.duration = 2
            $0.gopSize = 25
            $0.frameRate = Rational(25, 1)
            $0.audioTracks = []
        }
        let uri = "data:video/mp4;base64," + (try Data(contentsOf: URL(fileURLWithPath: path))).base64EncodedString()
        let fromMemory = try FrameExtractor(source: MediaSource(uri: uri)).extract(at: [0.5, 1.5])
        let fromFile = try FrameExtractor(source: MediaSource(uri: path)).extract(at: [0.5, 1.5])
        XCTAssertEqual(fromMemory.map(\.image), fromFile.map(\.image))
        // Frames every 40 ms: 0.5 s falls between 0.48 and 0.52, so 0.48 is on screen.
        XCTAssertEqual(fromMemory.map(\.ptsNanoseconds), [480_000_000, 1_480_000_000])
    }

    func testJPEGAndWidth() throws {
        let frames = try FrameExtractor(source: MediaSource(uri: try clip())).extract(
            at: [1], format: .jpeg, width: 160)
        XCTAssertEqual(Array(frames[0].image.prefix(2)), [0xFF, 0xD8])
        XCTAssertEqual(frames[0].width, 160)
        XCTAssertEqual(frames[0].height, 90)
    }

    func testFrameReferencesSerializeAsURIAndPtsNs() throws {
        let reference = FrameReference(uri: "s3://media/talk.mp4", ptsNanoseconds: 1_500_000_000)
        let json = String(decoding: try JSONEncoder().encode(reference), as: UTF8.self)
        XCTAssertTrue(json.contains("\"pts_ns\":1500000000"), json)
        let decoded = try JSONDecoder().decode(
            FrameReference.self, from: Data(#"{"uri": "a.mp4", "pts_ns": 40000000}"#.utf8))
        XCTAssertEqual(decoded, FrameReference(uri: "a.mp4", ptsNanoseconds: 40_000_000))
        let path = try clip()
        let frames = try FrameExtractor(source: MediaSource(uri: path))
            .extract([FrameReference(uri: path, ptsNanoseconds: 2_040_000_000)])
        XCTAssertEqual(frames[0].ptsNanoseconds, 2_040_000_000)
    }

    func testExportWritesFilesInCallerOrderAndIndex() throws {
        let path = try clip()
        let dir = try TestMedia.scratchDirectory(self)
        let export = FrameExport(
            source: MediaSource(uri: path), times: [6, 1.01, 1.01], every: nil, format: .png, width: nil,
            output: try DirectoryOutput(directory: dir))
        let index = try export.execute().get()
        XCTAssertEqual(index.frames.map(\.file), ["frame_0000.png", "frame_0001.png", "frame_0002.png"])
        let json = try JSONDecoder().decode(
            FrameIndex.self, from: Data(contentsOf: dir.appendingPathComponent("index.json")))
        XCTAssertEqual(json.frames.map(\.requestedTime), [6, 1.01, 1.01])
        XCTAssertEqual(json.frames.map(\.ptsNanoseconds), [6_000_000_000, 1_000_000_000, 1_000_000_000])
        let expected = try reference(path, times: [6, 1.01])
        XCTAssertEqual(Array(try Data(contentsOf: dir.appendingPathComponent("frame_0000.png"))), expected[0].png)
        XCTAssertEqual(Array(try Data(contentsOf: dir.appendingPathComponent("frame_0002.png"))), expected[1].png)
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-hide_banner", "-loglevel", "error"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return Array(data)
    }
}
