import Foundation
import ReelOutput
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// Loudness normalisation end to end on short generated clips: the package's audio, decoded and
/// measured by the in-process meter (libavfilter's `ebur128`, as the ffmpeg CLI measures it),
/// is within 1 LU of the target with its true peak at or under the ceiling.
final class LoudnessTests: XCTestCase {
    /// A 6 s clip with small video and the audio `lavfi` source `audio`, encoded losslessly.
    private func source(_ name: String, audio: String) throws -> String {
        let ffmpeg = try FFmpegCLI.required()
        let path = try TestMedia.scratchDirectory(self).appendingPathComponent(name + ".mkv").path
        try ffmpeg.run([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=6", "-f", "lavfi", "-i", audio, "-t", "6",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "flac", path,
        ])
        return path
    }

    private func ladder(_ target: LoudnessTarget) -> Ladder {
        var ladder = TestMedia.smallLadder()
        ladder.rungs = [ladder.rungs[2]]
        ladder.audio[0].loudness = target
        return ladder
    }

    /// The rendition's init segment and media segments joined, decoded and measured.
    private func measure(_ rendition: URL) throws -> LoudnessMeasurement? {
        let playlist = try MediaPlaylist(contentsOf: rendition.appendingPathComponent("index.m3u8"))
        var bytes = try Data(contentsOf: rendition.appendingPathComponent("init.mp4"))
        for segment in playlist.segments {
            bytes.append(try Data(contentsOf: rendition.appendingPathComponent(segment.uri)))
        }
        let joined = try TestMedia.scratchDirectory(self).appendingPathComponent("joined.mp4")
        try bytes.write(to: joined)
        let demuxer = try Demuxer(url: joined.path)
        let index = try XCTUnwrap(demuxer.bestStream(.audio))
        let decoder = try Decoder(demuxer: demuxer, streamIndex: index)
        let meter = LoudnessMeter(timeBase: decoder.timeBase)
        while let packet = try demuxer.read() {
            guard packet.streamIndex == index else { continue }
            for frame in try decoder.decode(packet) { try meter.add(frame) }
        }
        for frame in try decoder.decode(nil) { try meter.add(frame) }
        return try meter.finish()
    }

    private func assertNormalised(
        audio: String, target: LoudnessTarget, limited: Bool, file: StaticString = #filePath, line: UInt = #line
    ) async throws {
        let out = try TestMedia.scratchDirectory(self)
        let (summary, _) = try await TestMedia.package(
            try source("src", audio: audio), ladder: ladder(target), into: out)
        let line0 = try XCTUnwrap(summary.loudness?.first, file: file, line: line)
        XCTAssertEqual(line0.rendition, "a128k", file: file, line: line)
        XCTAssertEqual(line0.limited, limited, "limiter", file: file, line: line)
        let input = try XCTUnwrap(line0.input, file: file, line: line)
        // The gain that meets the target; with the limiter, more by what limiting took away.
        let gain = try XCTUnwrap(line0.gain, file: file, line: line)
        if limited {
            XCTAssertGreaterThan(gain, target.integrated - input.integrated, file: file, line: line)
        } else {
            XCTAssertEqual(gain, target.integrated - input.integrated, accuracy: 0.01, file: file, line: line)
        }
        let summaryOutput = try XCTUnwrap(line0.output, file: file, line: line)
        XCTAssertEqual(summaryOutput.integrated, target.integrated, accuracy: 1, file: file, line: line)
        let measured = try XCTUnwrap(try measure(out.appendingPathComponent("a128k")), file: file, line: line)
        XCTAssertEqual(measured.integrated, target.integrated, accuracy: 1, "integrated", file: file, line: line)
        XCTAssertLessThanOrEqual(measured.truePeak, target.truePeak, "true peak", file: file, line: line)
    }

    /// `"loudness": "streaming"` in a request (`--loudness streaming`) applies to every audio
    /// rendition of the ladder it names, which has no target of its own.
    func testARequestsLoudnessAppliesToEveryAudioRendition() async throws {
        let source = try source("request", audio: "sine=f=440:r=48000,volume=-40dB")
        let out = try TestMedia.scratchDirectory(self)
        let request = """
            {"source": "\(source)", "loudness": "streaming",
             "ladder": {"name": "two", "video": {"codec": "h264", "preset": "ultrafast"},
                        "rungs": [{"name": "180p", "height": 180, "bitrate": "200k"}],
                        "audio": [{"name": "128k", "bitrate": "128k"}, {"name": "64k", "bitrate": "64k"}]}}
            """
        let job = try JSONDecoder().decode(PackageJob.self, from: Data(request.utf8))
        let runner = PackageJobRunner(
            job: job, environment: PackageJobEnvironment(destination: { _ in .directory(path: out.path) }))
        let outcome = try await runner.run()
        XCTAssertEqual(outcome.summary.loudness?.map(\.rendition), ["a128k", "a64k"])
        for rendition in ["a128k", "a64k"] {
            let measured = try XCTUnwrap(try measure(out.appendingPathComponent(rendition)))
            XCTAssertEqual(measured.integrated, -16, accuracy: 1, rendition)
            XCTAssertLessThanOrEqual(measured.truePeak, -1, rendition)
        }
    }

    /// A sine at −40 dBFS with a little noise, raised to EBU R 128 (−23 LUFS, −1 dBTP).
    func testQuietSourceIsRaisedToTheTarget() async throws {
        try await assertNormalised(
            audio: "aevalsrc=0.01*sin(2*PI*440*t)+0.002*(random(0)-0.5)|0.01*sin(2*PI*440*t):s=48000:d=6",
            target: LoudnessTarget(standard: .ebuR128), limited: false)
    }

    /// A full-scale square wave, lowered to the streaming target (−16 LUFS, −1 dBTP).
    func testLoudSourceIsLoweredToTheTarget() async throws {
        try await assertNormalised(
            audio: "aevalsrc=0.9*sgn(sin(2*PI*220*t)):s=48000:c=stereo:d=6",
            target: LoudnessTarget(standard: .streaming), limited: false)
    }

    /// Quiet speech-like bursts with a few loud clicks: the gain alone would pass the ceiling, so
    /// the true-peak limiter holds the peaks under it.
    func testPeaksOverTheCeilingAreLimited() async throws {
        try await assertNormalised(
            audio:
                "aevalsrc=0.03*sin(2*PI*300*t)*gt(sin(2*PI*2*t)\\,0)+0.5*lt(mod(t\\,1)\\,0.001):s=48000:c=stereo:d=6",
            target: LoudnessTarget(standard: .atscA85), limited: true)
    }

    /// Silence cannot be measured: left as it is, with one warning.
    func testSilenceIsLeftAsItIsWithAWarning() async throws {
        let out = try TestMedia.scratchDirectory(self)
        let (summary, events) = try await TestMedia.package(
            try source("silent", audio: "anullsrc=r=48000:cl=stereo"),
            ladder: ladder(LoudnessTarget(standard: .ebuR128)),
            into: out)
        let line0 = try XCTUnwrap(summary.loudness?.first)
        XCTAssertNil(line0.input)
        XCTAssertNil(line0.gain)
        let warnings = events.compactMap { event -> String? in
            if case .warning(let text) = event { return text }
            return nil
        }
        XCTAssertEqual(warnings.filter { $0.contains("loudness cannot be measured") }.count, 1, "\(warnings)")
    }
}
