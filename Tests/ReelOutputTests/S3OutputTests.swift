import Foundation
import ReelTestSupport
import XCTest

@testable import ReelHTTP
@testable import ReelOutput

/// `S3Output` against the real S3 server `scripts/test` starts; skipped without it.
final class S3OutputTests: XCTestCase {
    func testUploadsEveryFileWithItsContentTypeAndCacheControl() throws {
        let server = try S3TestServer.require()
        let (bucket, client) = try server.makeBucket()
        let prefix = "videos/a:b c/"
        let output = S3Output(configuration: try server.configuration(bucket: bucket, prefix: prefix))
        var expected: [String: (Data, ContentType)] = [:]
        func write(_ path: String, _ data: Data, _ type: ContentType) throws {
            try output.write(data, to: path, contentType: type)
            expected[path] = (data, type)
        }
        try write("v720p/init.mp4", TestBytes.random(1_000), .mp4Video)
        try write("v720p/seg_00001.m4s", TestBytes.random(300_000), .mp4Video)
        try write("a128k/seg 00001.m4s", TestBytes.random(20_000), .mp4Audio)
        try write("ts/seg:1.ts", TestBytes.random(10_000), .mpegTS)
        try write("subs/seg_1.vtt", Data("WEBVTT\n".utf8), .webVTT)
        try write("v1080p/big.mp4", TestBytes.random((9 << 20) + 123), .mp4Video)  // multipart: 8 MiB + 1 MiB
        let streamed = TestBytes.random(12 << 20)
        let writer = try output.makeWriter(for: "v1080p/streamed.m4s", contentType: .mp4Video)
        for start in stride(from: 0, to: streamed.count, by: 1 << 20) {
            try writer.append(streamed.subdata(in: start..<min(streamed.count, start + (1 << 20))))
        }
        try writer.close()
        expected["v1080p/streamed.m4s"] = (streamed, .mp4Video)
        let small = try output.makeWriter(for: "v1080p/small.m4s", contentType: .mp4Video)
        try small.append(Data("moof".utf8))
        try small.append(Data("mdat".utf8))
        try small.close()
        expected["v1080p/small.m4s"] = (Data("moofmdat".utf8), .mp4Video)
        try write("v720p/index.m3u8", Data("#EXTM3U\n#EXT-X-ENDLIST\n".utf8), .hlsPlaylist)
        try write("master.m3u8", Data("#EXTM3U\n".utf8), .hlsPlaylist)
        try write("manifest.mpd", Data("<MPD/>".utf8), .dashManifest)

        let early = try client.listKeys(prefix: prefix)
        XCTAssertFalse(
            early.contains { $0.hasSuffix(".m3u8") || $0.hasSuffix(".mpd") }, "manifests before finish: \(early)")

        try output.finish()

        XCTAssertEqual(Set(try client.listKeys(prefix: prefix)), Set(expected.keys.map { prefix + $0 }))
        for (path, (data, type)) in expected {
            let object = try client.getObject(key: prefix + path)
            XCTAssertEqual(object.data.count, data.count, path)
            XCTAssertTrue(object.data == data, path)
            XCTAssertEqual(object.contentType, type.rawValue, path)
            XCTAssertEqual(
                object.cacheControl, type.isManifest ? "max-age=10" : "public, max-age=31536000, immutable", path)
        }
        XCTAssertTrue(try client.getObject(key: prefix + "v1080p/big.mp4").headers["etag"]?.contains("-2") == true)
        XCTAssertTrue(try client.listMultipartUploads(prefix: prefix).isEmpty)
        XCTAssertEqual(Set(output.writtenFiles.map(\.path.string)), Set(expected.keys))
        XCTAssertThrowsError(try output.write(Data(), to: "late.m4s", contentType: .mp4Video))
    }

    func testPathsAreValidatedAndWrittenOnce() throws {
        let server = try S3TestServer.require()
        let (bucket, _) = try server.makeBucket()
        let output = S3Output(configuration: try server.configuration(bucket: bucket))
        defer { output.abort() }
        for path in ["../x", "/abs", "a//b"] {
            XCTAssertThrowsError(try output.write(Data(), to: path, contentType: .mp4Video), path)
        }
        try output.write(Data([1]), to: "a.m4s", contentType: .mp4Video)
        XCTAssertThrowsError(try output.write(Data([1]), to: "a.m4s", contentType: .mp4Video)) { error in
            XCTAssertEqual((error as? OutputError)?.reason, .alreadyWritten)
        }
    }

    func testAbortDeletesWhatWasUploadedAndAbortsMultipartUploads() throws {
        let server = try S3TestServer.require()
        let (bucket, client) = try server.makeBucket()
        let output = S3Output(configuration: try server.configuration(bucket: bucket, prefix: "job/"))
        for index in 1...4 {
            try output.write(TestBytes.random(50_000), to: "v/seg_\(index).m4s", contentType: .mp4Video)
        }
        try output.write(Data("#EXTM3U\n".utf8), to: "master.m3u8", contentType: .hlsPlaylist)
        let writer = try output.makeWriter(for: "v/big.mp4", contentType: .mp4Video)
        try writer.append(TestBytes.random((8 << 20) + 1))  // starts a multipart upload and queues part 1
        XCTAssertEqual(try client.listMultipartUploads(prefix: "job/").count, 1)

        output.abort()
        XCTAssertEqual(try client.listKeys(prefix: "job/"), [])
        XCTAssertEqual(try client.listMultipartUploads(prefix: "job/").map(\.key), [])
        XCTAssertEqual(output.writtenFiles, [])
        XCTAssertThrowsError(try writer.close())
        XCTAssertThrowsError(try output.finish())
    }
}
