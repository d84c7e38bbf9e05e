import CZip
import Foundation
import XCTest

@testable import ReelOutput

final class ZipOutputTests: XCTestCase {
    private var scratch: TemporaryDirectory!

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory()
    }

    override func tearDown() {
        scratch.remove()
    }

    /// Bytes that deflate well, so a deflated entry is visibly smaller.
    private func text(_ count: Int) -> Data {
        Data(String(repeating: "#EXTINF:6.000,\nseg_00001.m4s\n", count: count).utf8)
    }

    func testMediaIsStoredManifestsAreDeflatedAndTheArchiveRoundTrips() throws {
        let url = scratch.url.appendingPathComponent("out/package.zip")
        let output = try ZipOutput(archive: url)
        let segment = TestBytes.random(300_000)
        let initSegment = TestBytes.random(1_000)
        let playlist = text(200)
        let mpd = Data(String(repeating: "<S t=\"0\" d=\"6000\"/>\n", count: 100).utf8)
        try output.write(initSegment, to: "v720p/init.mp4", contentType: .mp4Video)
        try output.write(segment, to: "v720p/seg_00001.m4s", contentType: .mp4Video)
        try output.write(TestBytes.random(5_000), to: "a128k/seg_00001.m4s", contentType: .mp4Audio)
        let writer = try output.makeWriter(for: "v720p/seg_00002.m4s", contentType: .mp4Video)
        try writer.append(segment.prefix(100_000))
        try writer.append(segment.suffix(from: 100_000))
        try writer.close()
        try output.write(playlist, to: "v720p/index.m3u8", contentType: .hlsPlaylist)
        try output.write(playlist, to: "master.m3u8", contentType: .hlsPlaylist)
        try output.write(mpd, to: "manifest.mpd", contentType: .dashManifest)
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path), "nothing at the destination before finish")
        try output.finish()

        XCTAssertEqual(try scratch.listing(), ["out/", "out/package.zip"], "no temporary or staged file is left")
        let entries = try ZipReader.entries(of: url.path)
        XCTAssertEqual(
            entries.map(\.name),
            [
                "v720p/init.mp4", "v720p/seg_00001.m4s", "a128k/seg_00001.m4s", "v720p/seg_00002.m4s",
                "v720p/index.m3u8", "master.m3u8", "manifest.mpd",
            ])
        let byName = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0) })
        for name in ["v720p/init.mp4", "v720p/seg_00001.m4s", "a128k/seg_00001.m4s", "v720p/seg_00002.m4s"] {
            XCTAssertEqual(byName[name]?.method, ZIP_CM_STORE, name)
            XCTAssertEqual(byName[name]?.compressedSize, byName[name]?.size, name)
        }
        for name in ["v720p/index.m3u8", "master.m3u8", "manifest.mpd"] {
            XCTAssertEqual(byName[name]?.method, ZIP_CM_DEFLATE, name)
            XCTAssertLessThan(byName[name]!.compressedSize, byName[name]!.size / 4, name)
        }
        XCTAssertEqual(byName["v720p/seg_00001.m4s"]?.data, segment)
        XCTAssertEqual(byName["v720p/seg_00002.m4s"]?.data, segment)
        XCTAssertEqual(byName["v720p/init.mp4"]?.data, initSegment)
        XCTAssertEqual(byName["master.m3u8"]?.data, playlist)
        XCTAssertEqual(byName["manifest.mpd"]?.data, mpd)
        XCTAssertEqual(output.writtenFiles.count, 7)
    }

    func testUnzipExtractsTheSameFiles() throws {
        let unzip = "/usr/bin/unzip"
        guard FileManager.default.isExecutableFile(atPath: unzip) else { throw XCTSkip("unzip is not installed") }
        let url = scratch.url.appendingPathComponent("p.zip")
        let output = try ZipOutput(archive: url)
        let segment = TestBytes.random(50_000)
        try output.write(segment, to: "v 360p/seg:1.m4s", contentType: .mp4Video)
        try output.write(text(10), to: "master.m3u8", contentType: .hlsPlaylist)
        try output.finish()

        let target = scratch.url.appendingPathComponent("x")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: unzip)
        process.arguments = ["-q", url.path, "-d", target.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(try scratch.listing(of: target), ["master.m3u8", "v 360p/", "v 360p/seg:1.m4s"])
        XCTAssertEqual(try Data(contentsOf: target.appendingPathComponent("v 360p/seg:1.m4s")), segment)
    }

    func testAbortLeavesNoArchive() throws {
        let url = scratch.url.appendingPathComponent("p.zip")
        let output = try ZipOutput(archive: url)
        try output.write(TestBytes.random(1000), to: "v/seg_00001.m4s", contentType: .mp4Video)
        let writer = try output.makeWriter(for: "v/seg_00002.m4s", contentType: .mp4Video)
        try writer.append(TestBytes.random(10))
        output.abort()
        XCTAssertEqual(try scratch.listing(), [])
        XCTAssertThrowsError(try writer.append(Data([1])))
        XCTAssertThrowsError(try output.write(Data([1]), to: "late.m4s", contentType: .mp4Video))
        XCTAssertThrowsError(try output.finish())
        XCTAssertEqual(output.writtenFiles, [])
    }

    func testAFailedJobKeepsAnExistingArchive() throws {
        let url = scratch.url.appendingPathComponent("p.zip")
        try Data("previous".utf8).write(to: url)
        let output = try ZipOutput(archive: url)
        try output.write(TestBytes.random(10), to: "seg.m4s", contentType: .mp4Video)
        output.abort()
        XCTAssertEqual(try Data(contentsOf: url), Data("previous".utf8))
        XCTAssertEqual(try scratch.listing(), ["p.zip"])
    }

    func testFinishReplacesAnExistingArchive() throws {
        let url = scratch.url.appendingPathComponent("p.zip")
        try Data("previous".utf8).write(to: url)
        let output = try ZipOutput(archive: url)
        try output.write(Data("new".utf8), to: "seg.m4s", contentType: .mp4Video)
        try output.finish()
        XCTAssertEqual(try ZipReader.entries(of: url.path).map(\.name), ["seg.m4s"])
    }

    func testPathsAreValidatedAndWrittenOnce() throws {
        let output = try ZipOutput(archive: scratch.url.appendingPathComponent("p.zip"))
        defer { output.abort() }
        for path in ["../x", "/abs", "a//b", "a\\b"] {
            XCTAssertThrowsError(try output.write(Data(), to: path, contentType: .mp4Video), path)
        }
        try output.write(Data([1]), to: "a.m4s", contentType: .mp4Video)
        XCTAssertThrowsError(try output.write(Data([1]), to: "a.m4s", contentType: .mp4Video)) { error in
            XCTAssertEqual((error as? OutputError)?.reason, .alreadyWritten)
        }
    }

    func testFinishFailsWhileAWriterIsOpen() throws {
        let url = scratch.url.appendingPathComponent("p.zip")
        let output = try ZipOutput(archive: url)
        let writer = try output.makeWriter(for: "v/seg.m4s", contentType: .mp4Video)
        try writer.append(Data([1, 2, 3]))
        XCTAssertThrowsError(try output.finish()) { error in
            XCTAssertEqual((error as? OutputError)?.reason, .stillOpen)
        }
        try writer.close()
        try output.finish()
        XCTAssertEqual(try ZipReader.entries(of: url.path).map(\.data), [Data([1, 2, 3])])
    }

    func testAnEmptyPackageIsAValidEmptyArchive() throws {
        let url = scratch.url.appendingPathComponent("empty.zip")
        try ZipOutput(archive: url).finish()
        XCTAssertEqual(try ZipReader.entries(of: url.path), [])
    }

    func testWritesFromManyThreads() throws {
        let url = scratch.url.appendingPathComponent("p.zip")
        let output = try ZipOutput(archive: url)
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            try! output.write(
                Data(repeating: UInt8(index), count: 4096), to: "r\(index % 4)/seg_\(index).m4s", contentType: .mp4Video
            )
        }
        try output.finish()
        let entries = try ZipReader.entries(of: url.path)
        XCTAssertEqual(entries.count, 64)
        for entry in entries {
            let index = Int(entry.name.split(separator: "_").last!.dropLast(4))!
            XCTAssertEqual(entry.data, Data(repeating: UInt8(index), count: 4096))
        }
    }
}
