import Foundation
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// Bad input ends with a typed error naming the file, and leaves no manifest behind.
final class BadInputTests: XCTestCase {
    private func assertNoManifests(_ dir: URL, file: StaticString = #filePath, line: UInt = #line) {
        let names = (FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String]) ?? []
        XCTAssertTrue(
            names.filter { $0.hasSuffix(".m3u8") || $0.hasSuffix(".mpd") }.isEmpty,
            "manifests left behind: \(names)", file: file, line: line)
    }

    private func packageExpectingFailure(_ source: String, ladder: Ladder = TestMedia.smallLadder()) async throws
        -> (ReelError, URL)
    {
        let out = try TestMedia.scratchDirectory(self)
        do {
            _ = try await TestMedia.package(source, ladder: ladder, into: out)
        } catch {
            return (error, out)
        }
        XCTFail("packaging \(source) should fail")
        return (.cancelled, out)
    }

    func testMissingFile() async throws {
        let (error, out) = try await packageExpectingFailure("/nonexistent/clip.mp4")
        XCTAssertEqual(error, .invalidInput(source: "/nonexistent/clip.mp4", stream: nil, reason: "no such file"))
        XCTAssertTrue(error.description.contains("/nonexistent/clip.mp4"))
        assertNoManifests(out)
    }

    func testGarbageIsUnsupported() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        let path = dir.appendingPathComponent("garbage.mp4").path
        var generator = SystemRandomNumberGenerator()
        try Data((0..<65536).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(
            to: URL(fileURLWithPath: path))
        let (error, out) = try await packageExpectingFailure(path)
        XCTAssertEqual(error.kind, "unsupported", "\(error)")
        XCTAssertTrue(error.description.hasPrefix(path), error.description)
        XCTAssertFalse(error.isRetryable)
        assertNoManifests(out)
    }

    func testTextFileIsUnsupported() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        let path = dir.appendingPathComponent("notes.txt").path
        try "just some words, not media\n".write(toFile: path, atomically: true, encoding: .utf8)
        let (error, out) = try await packageExpectingFailure(path)
        XCTAssertEqual(error.kind, "unsupported", "\(error)")
        assertNoManifests(out)
    }

    /// A manifest or list that names other media (a DASH MPD's BaseURL, an ffconcat list) is not
    /// followed: the source is the one file that was allowed, never what it points at.
    func testSourceNamingOtherMediaIsNotFollowed() async throws {
        let target = try TestMedia.clip("av.mp4") { $0.duration = 2 }
        let dir = try TestMedia.scratchDirectory(self)
        let mpd = dir.appendingPathComponent("points-elsewhere.mp4").path
        try """
        <?xml version="1.0"?>
        <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011"
             type="static" mediaPresentationDuration="PT2S" minBufferTime="PT1S">
          <Period><AdaptationSet mimeType="video/mp4">
            <Representation id="1" bandwidth="100000" codecs="avc1.64001e" width="640" height="360">
              <BaseURL>file://\(target)</BaseURL><SegmentBase/>
            </Representation>
          </AdaptationSet></Period>
        </MPD>
        """.write(toFile: mpd, atomically: true, encoding: .utf8)
        let (error, out) = try await packageExpectingFailure(mpd)
        XCTAssertEqual(error.kind, "unsupported", "\(error)")
        XCTAssertFalse(error.isRetryable)
        assertNoManifests(out)

        let list = dir.appendingPathComponent("list.mp4").path
        try "ffconcat version 1.0\nfile \(target.split(separator: "/").last!)\n".write(
            toFile: list, atomically: true, encoding: .utf8)
        let cwd = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath((target as NSString).deletingLastPathComponent)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
        let (listError, listOut) = try await packageExpectingFailure(list)
        XCTAssertEqual(listError.kind, "unsupported", "\(listError)")
        assertNoManifests(listOut)
    }

    func testAudioOnlyLadderNeedsAudio() async throws {
        let silent = try TestMedia.clip("silent.mp4") {
            $0.audioTracks = []; $0.duration = 2
        }
        let ladder = Ladder(
            name: "audio", video: nil, rungs: [], audio: [AudioRendition(name: "128k", bitrate: 128_000)])
        let (error, out) = try await packageExpectingFailure(silent, ladder: ladder)
        XCTAssertEqual(error.kind, "invalid_input")
        XCTAssertTrue(error.description.contains("no audio stream"), error.description)
        assertNoManifests(out)
    }

    func testTruncatedFileFailsCleanly() async throws {
        let source = try TestMedia.clip("av.mp4") { $0.duration = 5 }
        let dir = try TestMedia.scratchDirectory(self)
        let path = dir.appendingPathComponent("truncated.mp4").path
        // The sample's moov is at the end (not fast-started): cutting the file loses the index.
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        let (error, out) = try await packageExpectingFailure(path)
        XCTAssertTrue(["unsupported", "invalid_input"].contains(error.kind), "\(error)")
        assertNoManifests(out)
    }

    func testBadTimingSettingsArePermanent() async throws {
        let source = try TestMedia.clip("av.mp4") { $0.duration = 5 }
        let out = try TestMedia.scratchDirectory(self)
        let output = try DirectoryOutputFactory.make(out)
        let packager = Packager(
            request: PackageRequest(
                source: source, ladder: TestMedia.smallLadder(), segmentDuration: 5, keyframeInterval: 2),
            output: output)
        do {
            _ = try await packager.run()
            XCTFail("5 s segments with a 2 s keyframe interval must be refused")
        } catch {
            XCTAssertEqual(error.kind, "permanent")
            XCTAssertTrue(error.description.contains("multiple"), error.description)
        }
        assertNoManifests(out)
    }

    func testCancelStopsWithoutManifests() async throws {
        let source = try TestMedia.clip("long.mp4") { $0.duration = 20 }
        let out = try TestMedia.scratchDirectory(self)
        let packager = Packager(
            request: PackageRequest(source: source, ladder: TestMedia.smallLadder()),
            output: try DirectoryOutputFactory.make(out))
        let events = Task {
            for await event in packager.events {
                if case .segmentWritten = event { packager.cancel() }
            }
        }
        let started = Date()
        do {
            _ = try await packager.run()
            XCTFail("a cancelled run must throw")
        } catch {
            XCTAssertEqual(error, .cancelled)
        }
        await events.value
        XCTAssertLessThan(Date().timeIntervalSince(started), 15)
        assertNoManifests(out)
    }
}

import ReelOutput

enum DirectoryOutputFactory {
    static func make(_ url: URL) throws -> DirectoryOutput { try DirectoryOutput(directory: url) }
}
