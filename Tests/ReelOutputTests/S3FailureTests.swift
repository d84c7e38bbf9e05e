import Foundation
import ReelTestSupport
import XCTest

@testable import ReelHTTP
@testable import ReelOutput

/// How `S3Output` fails against the real S3 server: permanent errors at once, transient ones after
/// retries, never a manifest after a failure. Skipped without the server.
final class S3FailureTests: XCTestCase {
    private func storageFailure(_ error: any Error) -> S3Failure? {
        guard let error = error as? OutputError, case .storage(let failure) = error.reason else { return nil }
        return failure
    }

    /// Writes segments until a write fails (an upload's failure surfaces in later writes) or
    /// `finish()` fails; returns that error.
    private func failingRun(_ output: S3Output, segments: Int = 20) -> (any Error)? {
        do {
            for index in 1...segments {
                try output.write(Data(repeating: 7, count: 10_000), to: "v/seg_\(index).m4s", contentType: .mp4Video)
                Thread.sleep(forTimeInterval: 0.02)
            }
            try output.write(Data("#EXTM3U\n".utf8), to: "master.m3u8", contentType: .hlsPlaylist)
            try output.write(Data("<MPD/>".utf8), to: "manifest.mpd", contentType: .dashManifest)
            try output.finish()
            return nil
        } catch {
            output.abort()
            return error
        }
    }

    func testBadCredentialsFailAtOnceWithAPermanentErrorNamingTheCode() throws {
        let server = try S3TestServer.require()
        let (bucket, client) = try server.makeBucket()
        var configuration = try server.configuration(bucket: bucket, secretKey: "not-the-secret")
        configuration.maxAttempts = 5
        let started = Date()
        let error = try XCTUnwrap(failingRun(S3Output(configuration: configuration)))
        let failure = try XCTUnwrap(storageFailure(error), "\(error)")
        XCTAssertFalse((error as! OutputError).isTransient)
        XCTAssertEqual(failure.status, 403)
        XCTAssertEqual(failure.code, "SignatureDoesNotMatch")
        XCTAssertEqual(failure.attempts, 1, "4xx is not retried")
        XCTAssertEqual(failure.bucket, bucket)
        XCTAssertTrue("\(error)".contains(bucket) && "\(error)".contains("SignatureDoesNotMatch"), "\(error)")
        XCTAssertTrue("\(error)".contains("(permanent)"), "\(error)")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(try client.listKeys(prefix: ""), [])
    }

    func testMissingBucketFailsWithAPermanentError() throws {
        let server = try S3TestServer.require()
        let bucket = S3TestServer.uniqueBucket()
        let error = try XCTUnwrap(failingRun(S3Output(configuration: try server.configuration(bucket: bucket))))
        let failure = try XCTUnwrap(storageFailure(error), "\(error)")
        XCTAssertFalse((error as! OutputError).isTransient)
        XCTAssertEqual(failure.status, 404)
        XCTAssertEqual(failure.code, "NoSuchBucket")
        XCTAssertTrue("\(error)".contains("s3://\(bucket)/"), "\(error)")
    }

    func testServerKilledMidUploadFailsTransientlyAndLeavesNoManifest() throws {
        let server = try S3TestServer.require()
        let proxy = try server.startPrivateProxy(self)
        let (bucket, client) = try server.makeBucket()
        var configuration = try server.configuration(bucket: bucket, prefix: "job/", endpoint: proxy.endpoint)
        configuration.uploadThreads = 2
        let output = S3Output(configuration: configuration)
        for index in 1...4 {
            try output.write(Data(repeating: 1, count: 1 << 20), to: "v/seg_\(index).m4s", contentType: .mp4Video)
        }
        proxy.kill()
        var failure: (any Error)?
        do {
            for index in 5...12 {
                try output.write(Data(repeating: 2, count: 100_000), to: "v/seg_\(index).m4s", contentType: .mp4Video)
            }
            try output.write(Data("#EXTM3U\n".utf8), to: "v/index.m3u8", contentType: .hlsPlaylist)
            try output.write(Data("#EXTM3U\n".utf8), to: "master.m3u8", contentType: .hlsPlaylist)
            try output.write(Data("<MPD/>".utf8), to: "manifest.mpd", contentType: .dashManifest)
            try output.finish()
        } catch {
            failure = error
        }
        output.abort()
        let error = try XCTUnwrap(failure, "finish must fail")
        XCTAssertTrue((error as? OutputError)?.isTransient == true, "\(error)")
        let storage = try XCTUnwrap(storageFailure(error), "\(error)")
        XCTAssertNil(storage.status)
        XCTAssertEqual(storage.attempts, 3, "retried up to maxAttempts")
        XCTAssertTrue("\(error)".contains("(transient)"), "\(error)")
        let keys = try client.listKeys(prefix: "job/")
        XCTAssertFalse(keys.contains { $0.hasSuffix(".m3u8") || $0.hasSuffix(".mpd") }, "\(keys)")
    }

    func testServerFrozenForFourSecondsStillSucceeds() throws {
        let server = try S3TestServer.require()
        let proxy = try server.startPrivateProxy(self)
        let (bucket, client) = try server.makeBucket()
        var configuration = try server.configuration(bucket: bucket, prefix: "job/", endpoint: proxy.endpoint)
        configuration.uploadThreads = 2
        configuration.lowSpeedTime = 2  // stalled requests time out and are retried during the freeze
        configuration.maxAttempts = 6
        configuration.retryBaseDelay = 0.25
        configuration.retryMaxDelay = 2
        let output = S3Output(configuration: configuration)
        var paths: [String] = []
        for index in 1...3 {
            try output.write(Data(repeating: 1, count: 200_000), to: "v/seg_\(index).m4s", contentType: .mp4Video)
            paths.append("v/seg_\(index).m4s")
        }
        let frozen = Date()
        proxy.freeze()
        DispatchQueue.global().asyncAfter(deadline: .now() + 4) { proxy.resume() }
        for index in 4...10 {
            try output.write(Data(repeating: 2, count: 200_000), to: "v/seg_\(index).m4s", contentType: .mp4Video)
            paths.append("v/seg_\(index).m4s")
        }
        try output.write(Data("#EXTM3U\n".utf8), to: "master.m3u8", contentType: .hlsPlaylist)
        paths.append("master.m3u8")
        try output.finish()
        XCTAssertGreaterThan(Date().timeIntervalSince(frozen), 3.9, "the uploads waited for the freeze")
        XCTAssertEqual(Set(try client.listKeys(prefix: "job/")), Set(paths.map { "job/" + $0 }))
        XCTAssertEqual(try client.getObject(key: "job/v/seg_10.m4s").data, Data(repeating: 2, count: 200_000))
    }
}
