import Foundation
import ReelTestSupport
import XCTest

@testable import ReelCore
@testable import ReelHTTP
@testable import ReelMedia
@testable import ReelOutput

/// The same clip packaged to a directory, a zip archive and S3: the same files, the right content
/// types, and every copy decodes completely through libavformat's HLS and DASH demuxers.
final class OutputBackendTests: XCTestCase {
    private func package(_ source: String, to output: any MultiFileOutput) async throws(ReelError) {
        let request = PackageRequest(source: source, ladder: TestMedia.smallLadder(), formats: [.hls, .dash])
        let packager = Packager(request: request, output: output)
        let events = Task { for await _ in packager.events {} }
        defer { events.cancel() }
        _ = try await packager.run()
    }

    private func files(in directory: URL) -> Set<String> {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])!
        var result = Set<String>()
        for case let url as URL in enumerator
        where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            result.insert(String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1)))
        }
        return result
    }

    /// Decodes both manifests of a package and checks every rendition is complete.
    private func assertDecodes(_ directory: URL, _ label: String) throws {
        for manifest in ["master.m3u8", "manifest.mpd"] {
            let reports = try MediaInspector.decodeAll(directory.appendingPathComponent(manifest).path)
            let video = reports.filter { $0.kind == .video }
            XCTAssertEqual(Set(video.map { "\($0.width)x\($0.height)" }), ["640x360", "480x270", "320x180"], label)
            XCTAssertFalse(reports.filter { $0.kind == .audio }.isEmpty, "\(label) \(manifest) audio")
            for stream in reports {
                XCTAssertEqual(stream.decodeErrors, 0, "\(label) \(manifest)")
                if stream.kind == .video { XCTAssertEqual(stream.frames, 120, "\(label) \(manifest) frames") }
            }
        }
    }

    func testDirectoryAndZipHoldTheSameFiles() async throws {
        let source = try TestMedia.clip("av.mp4") { $0.duration = 4 }
        let scratch = try TestMedia.scratchDirectory(self)
        let directory = scratch.appendingPathComponent("dir")
        try await package(source, to: DirectoryOutput(directory: directory))
        let archive = scratch.appendingPathComponent("pkg.zip")
        try await package(source, to: ZipOutput(archive: archive))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted(), ["dir", "pkg.zip"])

        let extracted = scratch.appendingPathComponent("unzipped")
        let names = try ZipArchive.extract(archive.path, into: extracted)
        XCTAssertEqual(Set(names), files(in: directory))
        XCTAssertTrue(names.contains("master.m3u8") && names.contains("manifest.mpd"))
        try assertDecodes(extracted, "zip")
    }

    func testDirectoryZipAndS3HoldTheSameFiles() async throws {
        let s3 = try S3TestServer.require()
        let source = try TestMedia.clip("av.mp4") { $0.duration = 4 }
        let scratch = try TestMedia.scratchDirectory(self)
        let directory = scratch.appendingPathComponent("dir")
        let directoryOutput = try DirectoryOutput(directory: directory)
        try await package(source, to: directoryOutput)
        let archive = scratch.appendingPathComponent("pkg.zip")
        try await package(source, to: ZipOutput(archive: archive))
        let (bucket, client) = try s3.makeBucket()
        let prefix = "videos/talk 1/"
        try await package(source, to: S3Output(configuration: s3.configuration(bucket: bucket, prefix: prefix)))

        let expected = files(in: directory)
        XCTAssertEqual(
            expected.count, 21, "4 renditions × (init, 2 segments, playlist) + 3 I-frame playlists + 2 manifests")
        let zipNames = try ZipArchive.extract(archive.path, into: scratch.appendingPathComponent("unzipped"))
        XCTAssertEqual(Set(zipNames), expected)
        let keys = try client.listKeys(prefix: prefix)
        XCTAssertEqual(Set(keys.map { String($0.dropFirst(prefix.count)) }), expected)

        // Content types as the packager declared them, and a download of the prefix that decodes.
        let types = Dictionary(
            uniqueKeysWithValues: directoryOutput.writtenFiles.map { ($0.path.string, $0.contentType) })
        let downloaded = scratch.appendingPathComponent("downloaded")
        for path in expected {
            let object = try client.getObject(key: prefix + path)
            XCTAssertEqual(object.contentType, types[path]?.rawValue, path)
            let target = downloaded.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try object.data.write(to: target)
        }
        XCTAssertEqual(types["master.m3u8"], .hlsPlaylist)
        XCTAssertEqual(types["manifest.mpd"], .dashManifest)
        XCTAssertEqual(types["a128k/seg_00001.m4s"], .mp4Audio)
        XCTAssertEqual(types["v360p/seg_00001.m4s"], .mp4Video)
        try assertDecodes(downloaded, "s3")
    }

    func testS3KilledMidJobFailsTransientlyAndLeavesNoManifest() async throws {
        let s3 = try S3TestServer.require()
        let proxy = try s3.startPrivateProxy(self)
        let (bucket, client) = try s3.makeBucket()
        let source = try TestMedia.clip("av.mp4") { $0.duration = 4 }
        let output = S3Output(
            configuration: try s3.configuration(bucket: bucket, prefix: "job/", endpoint: proxy.endpoint))
        let packager = Packager(
            request: PackageRequest(source: source, ladder: TestMedia.smallLadder(), formats: [.hls, .dash]),
            output: output)
        let killer = Task {
            var killed = false
            for await event in packager.events {
                if !killed, case .segmentWritten = event {
                    proxy.kill()
                    killed = true
                }
            }
        }
        do {
            _ = try await packager.run()
            XCTFail("packaging must fail when S3 dies")
        } catch {
            guard case .transient(let message) = error else { return XCTFail("not transient: \(error)") }
            XCTAssertTrue(error.isRetryable)
            XCTAssertTrue(message.contains(bucket), message)
        }
        _ = await killer.value
        let keys = try client.listKeys(prefix: "job/")
        XCTAssertFalse(keys.contains { $0.hasSuffix(".m3u8") || $0.hasSuffix(".mpd") }, "\(keys)")
    }

    func testS3FrozenForFourSecondsMidJobStillSucceeds() async throws {
        let s3 = try S3TestServer.require()
        let proxy = try s3.startPrivateProxy(self)
        let (bucket, client) = try s3.makeBucket()
        let source = try TestMedia.clip("av.mp4") { $0.duration = 4 }
        var configuration = try s3.configuration(bucket: bucket, prefix: "job/", endpoint: proxy.endpoint)
        configuration.maxAttempts = 5  // the default low-speed timeout (15 s) outlasts the freeze
        let packager = Packager(
            request: PackageRequest(source: source, ladder: TestMedia.smallLadder(), formats: [.hls, .dash]),
            output: S3Output(configuration: configuration))
        let frozenAt = Task { () -> Date? in
            var frozen: Date?
            for await event in packager.events {
                if frozen == nil, case .segmentWritten = event {
                    proxy.freeze()
                    frozen = Date()
                    DispatchQueue.global().asyncAfter(deadline: .now() + 4) { proxy.resume() }
                }
            }
            return frozen
        }
        let summary = try await packager.run()
        let frozenTime = await frozenAt.value
        let frozen = try XCTUnwrap(frozenTime)
        XCTAssertGreaterThan(Date().timeIntervalSince(frozen), 3.9, "the job waited for the frozen store")
        let keys = Set(try client.listKeys(prefix: "job/"))
        XCTAssertTrue(keys.contains("job/master.m3u8") && keys.contains("job/manifest.mpd"), "\(keys)")
        XCTAssertEqual(keys.count, 21, "the whole package, I-frame playlists included")
        XCTAssertEqual(summary.renditions.count, 4)
    }
}
