import Foundation
import XCTest

@testable import ReelOutput

final class DirectoryOutputTests: XCTestCase {
    private var scratch: TemporaryDirectory!

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory()
    }

    override func tearDown() {
        scratch.remove()
    }

    private func makeOutput(_ name: String = "out") throws -> (DirectoryOutput, URL) {
        let url = scratch.url.appendingPathComponent(name)
        return (try DirectoryOutput(directory: url), url)
    }

    private func listing(_ url: URL) throws -> [String] {
        try scratch.listing(of: url)
    }

    private func assertOutputError<T>(
        _ expression: @autoclosure () throws -> T, _ reason: OutputError.Reason,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try expression(), file: file, line: line) { error in
            XCTAssertEqual((error as? OutputError)?.reason, reason, "\(error)", file: file, line: line)
        }
    }

    func testCreatesMissingDirectories() throws {
        let url = scratch.url.appendingPathComponent("a/b/c")
        _ = try DirectoryOutput(directory: url)
        XCTAssertTrue(FileManager.default.fileExists(atPath: url.path))
    }

    func testRelativeURLIsResolved() throws {
        let base = URL(fileURLWithPath: scratch.url.path, isDirectory: true)
        let output = try DirectoryOutput(directory: URL(fileURLWithPath: "rel/./out", relativeTo: base))
        try output.write(Data("x".utf8), to: "x.m4s", contentType: .mp4Video)
        XCTAssertEqual(output.directory.standardizedFileURL.path, scratch.url.appendingPathComponent("rel/out").path)
        XCTAssertEqual(try scratch.listing(), ["rel/", "rel/out/", "rel/out/x.m4s"])
    }

    func testRejectsAFileAsDirectory() throws {
        let file = scratch.url.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        assertOutputError(try DirectoryOutput(directory: file), .io(operation: "create directory", code: ENOTDIR))
    }

    func testWriteRenamesIntoPlace() throws {
        let (output, url) = try makeOutput()
        try output.write(Data("segment".utf8), to: "v720p/seg_00001.m4s", contentType: .mp4Video)
        XCTAssertEqual(try listing(url), ["v720p/", "v720p/seg_00001.m4s"])
        XCTAssertEqual(try Data(contentsOf: url.appendingPathComponent("v720p/seg_00001.m4s")), Data("segment".utf8))
        XCTAssertEqual(
            output.writtenFiles,
            [
                WrittenFile(path: try OutputPath("v720p/seg_00001.m4s"), byteSize: 7, contentType: .mp4Video)
            ])
        try output.finish()
        XCTAssertEqual(try listing(url), ["v720p/", "v720p/seg_00001.m4s"])
    }

    /// Large page-aligned files go to the disk past the page cache, their last partial page through
    /// it; unaligned and small ones through it. The bytes are the same whichever way they went.
    func testLargeFilesAreWrittenWhole() throws {
        let (output, url) = try makeOutput()
        let sizes = [
            FileIO.directMinimum + 1234, FileIO.directMinimum, 3 * FileIO.directMinimum + FileIO.directAlignment - 1,
            FileIO.directMinimum - 1,
        ]
        for (number, size) in sizes.enumerated() {
            var pattern = [UInt8](repeating: 0, count: size)
            for i in pattern.indices { pattern[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 13 &+ number) }
            var buffer: UnsafeMutableRawPointer?
            XCTAssertEqual(posix_memalign(&buffer, FileIO.directAlignment, size), 0)
            let base = try XCTUnwrap(buffer)
            pattern.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: size) }
            let aligned = Data(bytesNoCopy: base, count: size, deallocator: .free)
            try output.write(aligned, to: "v/seg_\(number).m4s", contentType: .mp4Video)
            // The same bytes one past a page boundary.
            try output.write(Data([0] + pattern).dropFirst(), to: "v/unaligned_\(number).m4s", contentType: .mp4Video)
            for name in ["seg", "unaligned"] {
                let written = try Data(contentsOf: url.appendingPathComponent("v/\(name)_\(number).m4s"))
                XCTAssertEqual(written.count, size, "\(name) \(size)")
                XCTAssertTrue(written.elementsEqual(pattern), "\(name) \(size)")
            }
        }
        try output.finish()
        XCTAssertEqual(output.writtenFiles.map(\.byteSize), sizes.flatMap { [$0, $0] })
    }

    func testInvalidPathsAreRejected() throws {
        let (output, url) = try makeOutput()
        for path in ["../x", "/abs", "a//b", "a/./b"] {
            XCTAssertThrowsError(try output.write(Data(), to: path, contentType: .octetStream)) { error in
                XCTAssertEqual((error as? OutputError)?.path, path)
            }
            XCTAssertThrowsError(try output.makeWriter(for: path, contentType: .octetStream))
        }
        XCTAssertEqual(try listing(url), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("x").path))
    }

    func testManifestsAreInvisibleUntilFinish() throws {
        let (output, url) = try makeOutput()
        try output.write(Data("init".utf8), to: "v720p/init.mp4", contentType: .mp4Video)
        try output.write(Data("seg".utf8), to: "v720p/seg_00001.m4s", contentType: .mp4Video)
        try output.write(Data("#EXTM3U\n".utf8), to: "master.m3u8", contentType: .hlsPlaylist)
        try output.write(Data("#EXTM3U\n".utf8), to: "v720p/index.m3u8", contentType: .hlsPlaylist)
        try output.write(Data("<MPD/>".utf8), to: "manifest.mpd", contentType: .dashManifest)

        let before = try listing(url)
        XCTAssertEqual(
            before.filter { !$0.split(separator: "/").last!.hasPrefix(".") },
            ["v720p/", "v720p/init.mp4", "v720p/seg_00001.m4s"])
        XCTAssertEqual(output.writtenFiles.count, 5, "held manifests are recorded")

        try output.finish()
        XCTAssertEqual(
            try listing(url),
            [
                "manifest.mpd", "master.m3u8", "v720p/", "v720p/index.m3u8", "v720p/init.mp4", "v720p/seg_00001.m4s",
            ])
        XCTAssertEqual(try Data(contentsOf: url.appendingPathComponent("manifest.mpd")), Data("<MPD/>".utf8))
    }

    func testAbortRemovesOnlyWhatItWrote() throws {
        let url = scratch.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(
            at: url.appendingPathComponent("v720p"), withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: url.appendingPathComponent("keep.txt"))
        try Data("keep".utf8).write(to: url.appendingPathComponent("v720p/old.m4s"))
        let preexisting = try listing(url)

        let output = try DirectoryOutput(directory: url)
        try output.write(Data("seg".utf8), to: "v720p/seg_00001.m4s", contentType: .mp4Video)
        try output.write(Data("a".utf8), to: "a128k/seg_00001.m4s", contentType: .mp4Audio)
        try output.write(Data("#EXTM3U\n".utf8), to: "master.m3u8", contentType: .hlsPlaylist)
        let writer = try output.makeWriter(for: "v720p/seg_00002.m4s", contentType: .mp4Video)
        try writer.append(Data("partial".utf8))
        XCTAssertNotEqual(try listing(url), preexisting)

        output.abort()
        XCTAssertEqual(try listing(url), preexisting)
        XCTAssertEqual(output.writtenFiles, [])
        assertOutputError(try writer.append(Data("more".utf8)), .aborted)
        assertOutputError(try output.write(Data(), to: "late.m4s", contentType: .mp4Video), .aborted)
        assertOutputError(try output.finish(), .aborted)
        output.abort()
        XCTAssertEqual(try listing(url), preexisting)
    }

    func testAbortRemovesTheDirectoryItCreated() throws {
        let (output, url) = try makeOutput("new/out")
        try output.write(Data("seg".utf8), to: "v/seg_00001.m4s", contentType: .mp4Video)
        output.abort()
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
        XCTAssertEqual(try scratch.listing(), [])
    }

    func testStreamingWriter() throws {
        let (output, url) = try makeOutput()
        let writer = try output.makeWriter(for: "v720p/seg_00001.m4s", contentType: .mp4Video)
        try writer.append(Data("moof".utf8))
        try writer.append(Data("mdat".utf8))
        XCTAssertFalse(try listing(url).contains("v720p/seg_00001.m4s"))
        try writer.close()
        XCTAssertEqual(try Data(contentsOf: url.appendingPathComponent("v720p/seg_00001.m4s")), Data("moofmdat".utf8))
        assertOutputError(try writer.append(Data("x".utf8)), .writerClosed)
        assertOutputError(try writer.close(), .writerClosed)

        let playlist = try output.makeWriter(for: "v720p/index.m3u8", contentType: .hlsPlaylist)
        try playlist.append(Data("#EXTM3U\n".utf8))
        try playlist.close()
        XCTAssertFalse(try listing(url).contains("v720p/index.m3u8"), "manifests wait for finish")
        try output.finish()
        XCTAssertEqual(try listing(url), ["v720p/", "v720p/index.m3u8", "v720p/seg_00001.m4s"])
        XCTAssertEqual(output.writtenFiles.map(\.byteSize), [8, 8])
    }

    func testFinishRefusesAnOpenWriter() throws {
        let (output, url) = try makeOutput()
        let writer = try output.makeWriter(for: "big.mp4", contentType: .mp4Video)
        assertOutputError(try output.finish(), .stillOpen)
        try writer.close()
        try output.finish()
        XCTAssertEqual(try listing(url), ["big.mp4"])
    }

    func testDroppedWriterBlocksFinishAndAbortCleansUp() throws {
        let (output, url) = try makeOutput()
        do {
            let writer = try output.makeWriter(for: "big.mp4", contentType: .mp4Video)
            try writer.append(Data("x".utf8))
        }
        assertOutputError(try output.finish(), .stillOpen)
        output.abort()
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
    }

    func testReleasedOutputRemovesItsTemporaryFiles() throws {
        let url = scratch.url.appendingPathComponent("out")
        do {
            let output = try DirectoryOutput(directory: url)
            try output.write(Data("seg".utf8), to: "seg.m4s", contentType: .mp4Video)
            try output.write(Data("#EXTM3U\n".utf8), to: "master.m3u8", contentType: .hlsPlaylist)
            XCTAssertEqual(try listing(url).count, 2)
        }
        XCTAssertEqual(try listing(url), ["seg.m4s"])
    }

    func testWritingAfterFinishFails() throws {
        let (output, url) = try makeOutput()
        try output.write(Data("#EXTM3U\n".utf8), to: "master.m3u8", contentType: .hlsPlaylist)
        try output.finish()
        assertOutputError(try output.write(Data(), to: "late.m4s", contentType: .mp4Video), .finished)
        assertOutputError(try output.makeWriter(for: "late.m4s", contentType: .mp4Video), .finished)
        assertOutputError(try output.finish(), .finished)
        output.abort()
        XCTAssertEqual(try listing(url), ["master.m3u8"], "abort after finish keeps the package")
    }

    func testRepeatedPathIsRejected() throws {
        let (output, _) = try makeOutput()
        try output.write(Data("1".utf8), to: "seg.m4s", contentType: .mp4Video)
        assertOutputError(try output.write(Data("2".utf8), to: "seg.m4s", contentType: .mp4Video), .alreadyWritten)
        _ = try output.makeWriter(for: "open.m4s", contentType: .mp4Video)
        assertOutputError(try output.makeWriter(for: "open.m4s", contentType: .mp4Video), .alreadyWritten)
    }

    func testConcurrentWrites() throws {
        let (output, url) = try makeOutput()
        let threads = 8
        let filesPerThread = 40
        let failures = NSLock()
        nonisolated(unsafe) var errors: [any Error] = []
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            do {
                for index in 1...filesPerThread {
                    let payload = Data(repeating: UInt8(thread), count: 1000 + index)
                    let path = "v\(thread)/seg_\(index).m4s"
                    if index.isMultiple(of: 2) {
                        let writer = try output.makeWriter(for: path, contentType: .mp4Video)
                        try writer.append(payload.prefix(500))
                        try writer.append(payload.dropFirst(500))
                        try writer.close()
                    } else {
                        try output.write(payload, to: path, contentType: .mp4Video)
                    }
                }
                try output.write(Data("#EXTM3U\n".utf8), to: "v\(thread)/index.m3u8", contentType: .hlsPlaylist)
            } catch {
                failures.lock()
                errors.append(error)
                failures.unlock()
            }
        }
        XCTAssertTrue(errors.isEmpty, "\(errors)")
        try output.finish()

        let files = try listing(url).filter { !$0.hasSuffix("/") }
        XCTAssertEqual(files.count, threads * (filesPerThread + 1))
        XCTAssertEqual(Set(output.writtenFiles.map(\.path.string)), Set(files))
        for thread in 0..<threads {
            for index in [1, 2, filesPerThread] {
                let data = try Data(contentsOf: url.appendingPathComponent("v\(thread)/seg_\(index).m4s"))
                XCTAssertEqual(data, Data(repeating: UInt8(thread), count: 1000 + index))
            }
        }
    }

    func testNoTemporaryFilesAfterFinish() throws {
        let (output, url) = try makeOutput()
        try output.write(Data("i".utf8), to: "a128k/init.mp4", contentType: .mp4Audio)
        let writer = try output.makeWriter(for: "a128k/seg_00001.m4s", contentType: .mp4Audio)
        try writer.append(Data("s".utf8))
        try writer.close()
        try output.write(Data("#EXTM3U\n".utf8), to: "a128k/index.m3u8", contentType: .hlsPlaylist)
        try output.write(Data("#EXTM3U\n".utf8), to: "master.m3u8", contentType: .hlsPlaylist)
        try output.finish()
        let names = try listing(url).compactMap { $0.split(separator: "/").last }
        XCTAssertFalse(names.contains { $0.hasPrefix(".") || $0.contains(".tmp-") }, "\(names)")
        XCTAssertEqual(names.count, 5)
    }

    // MARK: - Symbolic links

    /// A directory outside the package holding a file a link will point at.
    private func outside() throws -> URL {
        let url = scratch.url.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: url.appendingPathComponent("target"))
        return url
    }

    private func assertSymbolicLinkRefused<T>(
        _ expression: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try expression(), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains("symbolic link"), "\(error)", file: file, line: line)
        }
    }

    func testPackageDirectoryThatIsALinkIsRefused() throws {
        let outside = try outside()
        let root = scratch.url.appendingPathComponent("root")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("job"), withDestinationURL: outside)
        assertSymbolicLinkRefused(try DirectoryOutput(directory: root.appendingPathComponent("job"), root: root))
        // A link higher up, between the root and the package, is refused too.
        assertSymbolicLinkRefused(try DirectoryOutput(directory: root.appendingPathComponent("job/deeper"), root: root))
        XCTAssertEqual(try listing(outside), ["target"])
        // Above the trusted root, links are followed (an operator's choice).
        let viaLink = try DirectoryOutput(
            directory: root.appendingPathComponent("job/pkg"), root: root.appendingPathComponent("job"))
        try viaLink.write(Data("x".utf8), to: "x.m4s", contentType: .mp4Video)
        XCTAssertEqual(try listing(outside), ["pkg/", "pkg/x.m4s", "target"])
        XCTAssertThrowsError(try DirectoryOutput(directory: scratch.url, root: root), "outside the root")
    }

    func testRenditionDirectoryThatIsALinkIsRefused() throws {
        let outside = try outside()
        let (output, url) = try makeOutput()
        try FileManager.default.createSymbolicLink(at: url.appendingPathComponent("v720p"), withDestinationURL: outside)
        assertSymbolicLinkRefused(try output.write(Data("seg".utf8), to: "v720p/seg_00001.m4s", contentType: .mp4Video))
        assertSymbolicLinkRefused(try output.makeWriter(for: "v720p/deeper/init.mp4", contentType: .mp4Video))
        output.abort()
        XCTAssertEqual(try listing(outside), ["target"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: url.appendingPathComponent("v720p").path))
    }

    func testFileNameThatIsALinkIsRefused() throws {
        let outside = try outside()
        let (output, url) = try makeOutput()
        let target = outside.appendingPathComponent("target")
        try FileManager.default.createSymbolicLink(
            at: url.appendingPathComponent("seg.m4s"), withDestinationURL: target)
        try FileManager.default.createSymbolicLink(
            at: url.appendingPathComponent("master.m3u8"), withDestinationURL: target)
        assertSymbolicLinkRefused(try output.write(Data("seg".utf8), to: "seg.m4s", contentType: .mp4Video))
        try output.write(Data("#EXTM3U\n".utf8), to: "master.m3u8", contentType: .hlsPlaylist)
        assertSymbolicLinkRefused(try output.finish())
        output.abort()
        XCTAssertEqual(try Data(contentsOf: target), Data("keep".utf8))
        XCTAssertEqual(try listing(outside), ["target"])
    }

    func testAbortNeverDeletesThroughALink() throws {
        let outside = try outside()
        try Data("keep".utf8).write(to: outside.appendingPathComponent("seg_00001.m4s"))
        let (output, url) = try makeOutput()
        try output.write(Data("seg".utf8), to: "v720p/seg_00001.m4s", contentType: .mp4Video)
        // The rendition directory is swapped for a link to a directory with a file of the same name.
        try FileManager.default.moveItem(
            at: url.appendingPathComponent("v720p"), to: url.appendingPathComponent("moved"))
        try FileManager.default.createSymbolicLink(at: url.appendingPathComponent("v720p"), withDestinationURL: outside)
        output.abort()
        XCTAssertEqual(try Data(contentsOf: outside.appendingPathComponent("seg_00001.m4s")), Data("keep".utf8))
        XCTAssertEqual(try listing(outside), ["seg_00001.m4s", "target"])
    }
}
