import Crypto
import Foundation
import ReelHTTP
import ReelManifest
import ReelOutput
import ReelTestSupport
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// Sources by reference: content ids, probe, remote reads.
final class MediaSourceTests: XCTestCase {
    private func clip() throws -> String {
        try TestMedia.clip("source.mp4") {
            $0.width = 320
            $0.height = 180
            $0.frameRate = Rational(25, 1)
            $0.duration = 4
            $0.gopSize = 25
        }
    }

    private func sha256(_ path: String) throws -> String {
        SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
    }

    func testContentIDEqualsSHA256OfTheFile() throws {
        let path = try clip()
        XCTAssertEqual(try MediaSource(uri: path).contentID(), try sha256(path))
        XCTAssertEqual(try MediaSource(uri: "file://" + path).contentID(), try sha256(path))
        let report = try SourceProbe.probe(MediaSource(uri: path), contentID: true)
        XCTAssertEqual(report.contentID, try sha256(path))
    }

    /// Reading the whole source (an MP4 whose index is at the end) completes the digest: no
    /// second pass over any byte.
    func testContentIDNeedsNoSecondPassWhenTheDemuxerReadsEverything() throws {
        let path = try clip()
        let (demuxer, hasher) = try MediaSource(uri: path).openDemuxer()
        while try demuxer.read() != nil {}
        XCTAssertEqual(hasher.hashedBytes, hasher.size, "the prefix covers the whole file after demuxing")
        XCTAssertEqual(try hasher.finish(source: path), try sha256(path))
        XCTAssertEqual(hasher.remainderBytesRead, 0)
    }

    /// Out-of-order and partial reads: the digest is still the file's, and `finish` reads only
    /// what was never read.
    func testHasherFinishesOnlyTheUnreadRemainder() throws {
        var bytes = [UInt8](repeating: 0, count: 300_000)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 7) }
        let uri = "data:application/octet-stream;base64," + Data(bytes).base64EncodedString()
        let hasher = ContentHasher(wrapping: try MediaSource(uri: uri).open())
        var buffer = [UInt8](repeating: 0, count: 50_000)
        func read(_ offset: Int64) throws {
            _ = try buffer.withUnsafeMutableBytes { try hasher.read(into: $0, at: offset) }
        }
        try read(250_000)  // the tail first (an MP4 index at the end)
        try read(0)
        try read(40_000)  // overlapping
        try read(100_000)  // a gap at 90_000..<100_000: kept pending
        let expected = SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined()
        XCTAssertEqual(try hasher.finish(source: "test"), expected)
        XCTAssertEqual(hasher.remainderBytesRead, 300_000 - 90_000, "reads from the end of the prefix once")
    }

    /// A local file's reads ahead of the prefix are not kept: they are read again when the prefix
    /// reaches them (an MP4 index at the end, read first), so nothing waits in memory.
    func testLocalReadsAheadAreReadAgainNotKept() throws {
        var bytes = [UInt8](repeating: 0, count: 3_000_000)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 9) }
        let path = try TestMedia.scratchDirectory(self).appendingPathComponent("tail-first.bin").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let hasher = ContentHasher(wrapping: try MediaSource(uri: path).open())
        var buffer = [UInt8](repeating: 0, count: 250_000)
        func read(_ offset: Int64) throws {
            _ = try buffer.withUnsafeMutableBytes { try hasher.read(into: $0, at: offset) }
        }
        try read(2_750_000)  // the index at the end, first
        XCTAssertEqual(hasher.hashedBytes, 0)
        for offset in stride(from: 0, to: 2_750_000, by: 250_000) { try read(Int64(offset)) }
        XCTAssertEqual(hasher.hashedBytes, 3_000_000, "the prefix reached the tail, which was read again")
        XCTAssertEqual(hasher.rereadBytes, 250_000)
        let expected = SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined()
        XCTAssertEqual(try hasher.finish(source: path), expected)
        XCTAssertEqual(hasher.remainderBytesRead, 0)
    }

    /// The digest hashed on its own thread, in chunks, is SHA-256 whatever the sizes of the
    /// pieces and of the whole (shorter than a chunk, a chunk exactly, many chunks and a part).
    func testContentIDHashedInBackgroundForEverySize() {
        var bytes = [UInt8](repeating: 0, count: 1_100_000)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 11) }
        for total in [0, 1, 4095, 4096, 4097, 65_536, 300_001, bytes.count] {
            for piece in [1000, 4096, 65_537] where piece <= max(total, 1000) {
                let digest = BackgroundSHA256(chunkSize: 4096, chunks: 3)
                var offset = 0
                bytes.withUnsafeBytes { all in
                    while offset < total {
                        let end = min(offset + piece, total)
                        digest.update(UnsafeRawBufferPointer(rebasing: all[offset..<end]))
                        offset = end
                    }
                }
                XCTAssertEqual(
                    Array(digest.finalize()), Array(SHA256.hash(data: bytes[..<total])), "\(total) bytes by \(piece)")
            }
        }
        // Abandoned before the end: its thread ends and nothing is left waiting.
        let abandoned = BackgroundSHA256(chunkSize: 4096, chunks: 2)
        bytes.withUnsafeBytes { abandoned.update(UnsafeRawBufferPointer(rebasing: $0[..<100_000])) }
        abandoned.abandon()
    }

    func testPackagingRecordsTheContentID() async throws {
        let path = try clip()
        let dir = try TestMedia.scratchDirectory(self)
        let (summary, events) = try await TestMedia.package(
            "file://" + path, ladder: TestMedia.smallLadder(), into: dir)
        XCTAssertEqual(summary.contentID, try sha256(path))
        let completed = events.compactMap { event -> PackageSummary? in
            if case .completed(let s) = event { return s }
            return nil
        }
        XCTAssertEqual(completed.first?.contentID, try sha256(path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("master.m3u8").path))
    }

    func testContentIDPlaceholderInDestinations() throws {
        let path = try clip()
        let expanded = try MediaSource(uri: path).expandingContentID(in: "s3://bucket/packages/{content_id}/")
        XCTAssertEqual(expanded.destination, "s3://bucket/packages/\(try sha256(path))/")
        XCTAssertEqual(try MediaSource(uri: path).expandingContentID(in: "out/").destination, "out/")
    }

    func testProbeReportsContainerStreamsAndKeyframeInterval() throws {
        let path = try TestMedia.clip("probe.mp4") {
            $0.width = 320
            $0.height = 240
            $0.frameRate = Rational(25, 1)
            $0.duration = 4
            $0.gopSize = 50
            $0.rotation = 90
            $0.sampleAspectRatio = Rational(4, 3)
        }
        let report = try SourceProbe.probe(MediaSource(uri: path))
        XCTAssertEqual(report.container, "mov,mp4,m4a,3gp,3g2,mj2")
        XCTAssertEqual(report.duration ?? 0, 4, accuracy: 0.1)
        XCTAssertNil(report.contentID)
        let video = try XCTUnwrap(report.streams.first { $0.kind == "video" })
        XCTAssertEqual(video.codec, "h264")
        XCTAssertEqual(video.width, 320)
        XCTAssertEqual(video.height, 240)
        XCTAssertEqual(video.sampleAspectRatio, "4:3")
        XCTAssertEqual(video.rotation, 270)
        XCTAssertEqual(video.frameRate, 25)
        XCTAssertEqual(video.keyframeInterval, 2)
        XCTAssertEqual(video.dynamicRange, "sdr")
        XCTAssertNotNil(video.profile)
        let audio = try XCTUnwrap(report.streams.first { $0.kind == "audio" })
        XCTAssertEqual(audio.codec, "aac")
        XCTAssertEqual(audio.channels, 2)
        XCTAssertEqual(audio.sampleRate, 48000)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        let streams = try XCTUnwrap(json?["streams"] as? [[String: Any]])
        for key in [
            "codec", "width", "height", "sample_aspect_ratio", "rotation", "frame_rate", "keyframe_interval",
            "field_order", "dynamic_range",
        ] {
            XCTAssertNotNil(streams.first { $0["kind"] as? String == "video" }?[key], key)
        }
        XCTAssertNotNil(streams.first { $0["kind"] as? String == "audio" }?["channels"])
    }

    func testMissingFileAndBadURIsAreClear() {
        XCTAssertThrowsError(try SourceProbe.probe(MediaSource(uri: "/nonexistent/x.mp4"))) { error in
            XCTAssertEqual(
                error as? ReelError, .invalidInput(source: "/nonexistent/x.mp4", stream: nil, reason: "no such file"))
        }
        XCTAssertThrowsError(try MediaSource(uri: "ftp://host/x.mp4").open()) { error in
            guard case .unsupportedFormat = error as? ReelError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try MediaSource(uri: "s3://bucket-only").location()) { error in
            guard case .permanent(let message) = error as? ReelError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("s3://BUCKET/KEY"), message)
        }
    }

    func testLocations() throws {
        XCTAssertEqual(try MediaSource(uri: "s3://media/a/b c.mp4").location(), .s3(bucket: "media", key: "a/b c.mp4"))
        XCTAssertEqual(try MediaSource(uri: "file:///tmp/a%20b.mp4").location(), .file(path: "/tmp/a b.mp4"))
        XCTAssertEqual(try MediaSource(uri: "clips/a.mp4").location(), .file(path: "clips/a.mp4"))
        XCTAssertEqual(
            try MediaSource(uri: "data:text/plain,a%20b").location(),
            .data(mediaType: "text/plain", bytes: Data("a b".utf8)))
        XCTAssertEqual(
            try MediaSource(uri: "data:;base64,aGk=").location(), .data(mediaType: "text/plain", bytes: Data("hi".utf8))
        )
        let json = try JSONEncoder().encode(MediaSource(uri: "s3://m/k"))
        XCTAssertEqual(String(decoding: json, as: UTF8.self), #"{"uri":"s3:\/\/m\/k"}"#)
    }

    // MARK: - HTTP

    func testHTTPSourceReadsRangesOnceAndMatchesTheFile() throws {
        let path = try clip()
        let dir = try TestMedia.scratchDirectory(self)
        try FileManager.default.copyItem(atPath: path, toPath: dir.appendingPathComponent("clip.mp4").path)
        let server = try RangeHTTPServer(root: dir, test: self)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        var options = MediaSourceOptions()
        options.chunkSize = 64 * 1024

        let uri = server.baseURL + "/redirect/clip.mp4"
        let (demuxer, hasher) = try MediaSource(uri: uri).openDemuxer(options: options)
        while try demuxer.read() != nil {}
        XCTAssertEqual(try hasher.finish(source: uri), try sha256(path))
        // The index at the end costs one ranged read; no byte is fetched twice beyond chunk rounding.
        XCTAssertLessThanOrEqual(server.bytesSent, size + 2 * options.chunkSize)
        XCTAssertGreaterThan(server.requests, 1, "read with several range requests")

        let remote = try FrameExtractor(source: MediaSource(uri: uri), options: options).extract(at: [0.5, 3.2])
        let local = try FrameExtractor(source: MediaSource(uri: path)).extract(at: [0.5, 3.2])
        XCTAssertEqual(remote.map(\.image), local.map(\.image))
    }

    func testHTTP404And403ArePermanentAndNameTheURI() throws {
        let dir = try TestMedia.scratchDirectory(self)
        let server = try RangeHTTPServer(root: dir, test: self)
        for (name, words) in [("missing.mp4", "not found"), ("forbidden.mp4", "access denied")] {
            let uri = "\(server.baseURL)/\(name)"
            XCTAssertThrowsError(try SourceProbe.probe(MediaSource(uri: uri))) { error in
                guard case .permanent(let message) = error as? ReelError else { return XCTFail("\(error)") }
                XCTAssertTrue(message.contains(uri), message)
                XCTAssertTrue(message.contains(words), message)
            }
        }
    }

    func testUnreachableHTTPIsTransient() throws {
        var options = MediaSourceOptions()
        options.maxAttempts = 2
        options.retryBaseDelay = 0.01
        options.readTimeout = 2
        XCTAssertThrowsError(try SourceProbe.probe(MediaSource(uri: "http://127.0.0.1:9/x.mp4"), options: options)) {
            error in
            guard case .transient(let message) = error as? ReelError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("http://127.0.0.1:9/x.mp4"), message)
        }
    }

    // MARK: - S3

    func testS3SourceWithRangedGets() async throws {
        let s3 = try S3TestServer.require()
        let (bucket, client) = try s3.makeBucket()
        let path = try clip()
        try client.putObject(Data(contentsOf: URL(fileURLWithPath: path)), key: "in/clip.mp4", contentType: "video/mp4")
        var options = MediaSourceOptions()
        options.s3 = S3Options(endpoint: s3.endpoint.absoluteString)
        options.environment = ["AWS_ACCESS_KEY_ID": s3.accessKey, "AWS_SECRET_ACCESS_KEY": s3.secretKey]
        let uri = "s3://\(bucket)/in/clip.mp4"
        XCTAssertEqual(
            try SourceProbe.probe(MediaSource(uri: uri), contentID: true, options: options).contentID, try sha256(path))
        let remote = try FrameExtractor(source: MediaSource(uri: uri), options: options).extract(at: [1.0])
        let local = try FrameExtractor(source: MediaSource(uri: path)).extract(at: [1.0])
        XCTAssertEqual(remote[0].image, local[0].image)
        // Packaging straight from s3://: a conformant package with the content id of the object.
        let dir = try TestMedia.scratchDirectory(self)
        var request = PackageRequest(source: uri, ladder: TestMedia.smallLadder())
        request.sourceOptions = options
        let summary = try await Packager(request: request, output: try DirectoryOutput(directory: dir)).run()
        XCTAssertEqual(summary.contentID, try sha256(path))
        let check = try Demuxer(url: dir.appendingPathComponent("master.m3u8").path)
        XCTAssertFalse(check.streams.isEmpty, "the package reads back through libavformat")
        XCTAssertThrowsError(try SourceProbe.probe(MediaSource(uri: "s3://\(bucket)/nope.mp4"), options: options)) {
            error in
            guard case .permanent(let message) = error as? ReelError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("s3://\(bucket)/nope.mp4"), message)
            XCTAssertTrue(message.contains("not found"), message)
        }
    }
}
