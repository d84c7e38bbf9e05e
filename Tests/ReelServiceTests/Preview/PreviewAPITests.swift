import Foundation
import Hummingbird
import HummingbirdTesting
import ReelHTTP
import ReelTestSupport
import XCTest

@testable import ReelJobs
@testable import ReelService

/// `GET /v1/jobs/{id}/preview` signs a path under which a succeeded job's package is served
/// without a token, file by file as its result lists them, until the signature expires.
final class PreviewAPITests: XCTestCase {
    /// The signed paths of a job's preview.
    private static func link(_ client: some TestClientProtocol, _ id: JobID, headers: HTTPFields = ServiceHarness.auth)
        async throws -> (status: HTTPResponse.Status, json: [String: Any])
    {
        try await client.execute(uri: "/v1/jobs/\(id)/preview", method: .get, headers: headers) {
            ($0.status, $0.json)
        }
    }

    func testEveryListedFileIsServedUnderTheSignedPathAndNothingElse() async throws {
        let harness = try await ServiceHarness()
        let job = try await PackageFixture.succeeded(in: harness)
        // On disk but not in the package's file list: never served.
        let root = harness.directory.appendingPathComponent("packages/\(job.id)")
        try Data("not part of the package".utf8).write(to: root.appendingPathComponent("notes.txt"))
        try await harness.test { client in
            let (status, json) = try await Self.link(client, job.id)
            XCTAssertEqual(status, .ok, "\(json)")
            let base = try XCTUnwrap(json["base"] as? String)
            XCTAssertTrue(base.hasPrefix("/preview/\(job.id)/") && base.hasSuffix("/"), base)
            XCTAssertEqual(json["hls"] as? String, base + "master.m3u8")
            XCTAssertEqual(json["poster"] as? String, base + "poster.jpg")
            XCTAssertNil(json["dash"], "the package has no MPD")
            XCTAssertNil(json["thumbnails"])
            let expiry = try XCTUnwrap((json["expires_at"] as? String).flatMap(JobCoding.parse))
            XCTAssertEqual(expiry.timeIntervalSinceNow, 7200, accuracy: 60)

            for (path, data) in PackageFixture.files {
                try await client.execute(uri: base + path, method: .get) { response in
                    XCTAssertEqual(response.status, .ok, path)
                    XCTAssertEqual(Data(buffer: response.body), data, path)
                    XCTAssertEqual(response.headers[.accessControlAllowOrigin], "*")
                    XCTAssertEqual(response.headers[.xContentTypeOptions], "nosniff")
                    XCTAssertEqual(response.headers[.acceptRanges], "bytes")
                    XCTAssertTrue(response.headers[.contentSecurityPolicy]?.contains("sandbox") ?? false)
                }
            }
            try await client.execute(uri: base + "master.m3u8", method: .get) { response in
                XCTAssertEqual(response.headers[.contentType], "application/vnd.apple.mpegurl")
            }
            try await client.execute(uri: base + "poster.jpg", method: .get) { response in
                XCTAssertEqual(response.headers[.contentType], "image/jpeg")
            }
            for path in [
                "notes.txt", "v360p/notes.txt", "..%2Fnotes.txt", "v360p/..%2F..%2Freel.db", "%2E%2E/reel.db",
                "v360p/seg_00002.m4s",
            ] {
                try await client.execute(uri: base + path, method: .get) { response in
                    XCTAssertEqual(response.status, .notFound, path)
                    XCTAssertEqual((response.json["error"] as? [String: Any])?["kind"] as? String, "not_found", path)
                }
            }
        }
    }

    func testByteRangesAre206And416() async throws {
        let harness = try await ServiceHarness()
        let job = try await PackageFixture.succeeded(in: harness)
        try await harness.test { client in
            let answer = try await Self.link(client, job.id)
            let base = try XCTUnwrap(answer.json["base"] as? String)
            let segment = base + "v360p/seg_00001.m4s"
            for (range, expected) in [
                ("bytes=0-99", 0..<100), ("bytes=900-", 900..<1000), ("bytes=-10", 990..<1000),
                ("bytes=990-5000", 990..<1000),
            ] {
                try await client.execute(uri: segment, method: .get, headers: [.range: range]) { response in
                    XCTAssertEqual(response.status, .partialContent, range)
                    XCTAssertEqual(Data(buffer: response.body), PackageFixture.segment.subdata(in: expected), range)
                    XCTAssertEqual(
                        response.headers[.contentRange],
                        "bytes \(expected.lowerBound)-\(expected.upperBound - 1)/1000", range)
                }
            }
            try await client.execute(uri: segment, method: .get, headers: [.range: "bytes=1000-"]) { response in
                XCTAssertEqual(response.status, .rangeNotSatisfiable)
                XCTAssertEqual(response.headers[.contentRange], "bytes */1000")
            }
            for ignored in ["bytes=0-1,5-9", "items=0-1", "bytes=9-2", "bytes=x-"] {
                try await client.execute(uri: segment, method: .get, headers: [.range: ignored]) { response in
                    XCTAssertEqual(response.status, .ok, ignored)
                    XCTAssertEqual(Data(buffer: response.body).count, 1000, ignored)
                }
            }
        }
    }

    func testTheMasterPlaylistOfOneRendition() async throws {
        let harness = try await ServiceHarness()
        let job = try await PackageFixture.succeeded(in: harness)
        try await harness.test { client in
            let answer = try await Self.link(client, job.id)
            let base = try XCTUnwrap(answer.json["base"] as? String)
            try await client.execute(uri: base + "master.m3u8?rendition=v480p", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                let text = String(buffer: response.body)
                XCTAssertTrue(text.contains("v480p/index.m3u8") && text.contains("v480p/iframes.m3u8"), text)
                XCTAssertFalse(text.contains("v360p"), text)
                XCTAssertTrue(text.contains("a128k/index.m3u8"), "the audio stays: \(text)")
            }
            try await client.execute(uri: base + "master.m3u8?rendition=v9000p", method: .get) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            try await client.execute(uri: base + "master.m3u8?rendition=..%2Fx", method: .get) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
        }
    }

    func testSignaturesAreBoundToTheirJobAndExpire() async throws {
        let harness = try await ServiceHarness()
        let job = try await PackageFixture.succeeded(in: harness)
        let other = try await PackageFixture.succeeded(in: harness)
        try await harness.test { client in
            let answer = try await Self.link(client, job.id)
            let base = try XCTUnwrap(answer.json["base"] as? String)
            let signature = base.split(separator: "/")[2]
            @Sendable func kind(_ uri: String) async throws -> (HTTPResponse.Status, String?) {
                try await client.execute(uri: uri, method: .get) {
                    ($0.status, ($0.json["error"] as? [String: Any])?["kind"] as? String)
                }
            }
            // Another job's package with this job's signature.
            var (status, errorKind) = try await kind("/preview/\(other.id)/\(signature)/master.m3u8")
            XCTAssertEqual(status, .forbidden)
            XCTAssertEqual(errorKind, "preview_invalid")
            // A changed expiry or MAC.
            let parts = signature.split(separator: ".")
            for forged in [
                "\(Int(parts[0])! + 3600).\(parts[1])", "\(parts[0]).\(String(parts[1].reversed()))", "x", "",
            ] {
                (status, errorKind) = try await kind("/preview/\(job.id)/\(forged)/master.m3u8")
                XCTAssertEqual(status, forged.isEmpty ? .notFound : .forbidden, forged)
            }
            // A signature of this service whose time is up.
            let expired = harness.server.previewSigner.signature(for: job.id, expiry: Date().addingTimeInterval(-1))
            (status, errorKind) = try await kind("/preview/\(job.id)/\(expired)/master.m3u8")
            XCTAssertEqual(status, .forbidden)
            XCTAssertEqual(errorKind, "preview_expired")
        }
    }

    func testOnlyASucceededJobInADirectoryOrS3OutputHasAPreview() async throws {
        let app1 = APIToken(id: "app1", token: "app1-token-0123456789", scopes: [.read], tenant: "app1")
        let harness = try await ServiceHarness { $0.apiTokens.append(app1) }
        let failed = try await PackageFixture.failed(in: harness)
        let zipped = try await PackageFixture.succeeded(
            in: harness, destination: harness.directory.appendingPathComponent("packages/talk.zip").path)
        let mine = try await PackageFixture.succeeded(in: harness, owner: "app1")
        let theirs = try await PackageFixture.succeeded(in: harness, owner: "app2")
        try await harness.test { client in
            var (status, json) = try await Self.link(client, failed.id)
            XCTAssertEqual(status, .conflict)
            XCTAssertEqual((json["error"] as? [String: Any])?["kind"] as? String, "preview_unavailable")
            (status, json) = try await Self.link(client, zipped.id)
            XCTAssertEqual(status, .conflict)
            XCTAssertTrue(
                ((json["error"] as? [String: Any])?["message"] as? String ?? "").contains("zip archive"), "\(json)")
            (status, _) = try await Self.link(client, JobID("3f1c5a2e-0b7d-4c1e-9d6a-2f1e0c9b8a7d"))
            XCTAssertEqual(status, .notFound)
            // A tenant previews its own jobs only; `read` is enough.
            let tenant: HTTPFields = [.authorization: "Bearer \(app1.token)"]
            (status, _) = try await Self.link(client, mine.id, headers: tenant)
            XCTAssertEqual(status, .ok)
            (status, _) = try await Self.link(client, theirs.id, headers: tenant)
            XCTAssertEqual(status, .notFound)
            (status, _) = try await Self.link(client, mine.id, headers: [:])
            XCTAssertEqual(status, .unauthorized)
        }
    }

    func testAFileThatLeadsOutOfThePackageIsNotServed() async throws {
        let harness = try await ServiceHarness()
        // A listed file replaced by a link to a file outside the package.
        let job = try await PackageFixture.succeeded(in: harness)
        let root = harness.directory.appendingPathComponent("packages/\(job.id)")
        let outside = harness.directory.appendingPathComponent("outside.txt")
        try Data("outside".utf8).write(to: outside)
        try FileManager.default.removeItem(at: root.appendingPathComponent("poster.jpg"))
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("poster.jpg"), withDestinationURL: outside)
        try FileManager.default.removeItem(at: root.appendingPathComponent("v360p/index.m3u8"))
        try await harness.test { client in
            let answer = try await Self.link(client, job.id)
            let base = try XCTUnwrap(answer.json["base"] as? String)
            try await client.execute(uri: base + "poster.jpg", method: .get) { response in
                XCTAssertEqual(response.status, .notFound)
                XCTAssertFalse(String(buffer: response.body).contains("outside"))
            }
            try await client.execute(uri: base + "v360p/index.m3u8", method: .get) { response in
                XCTAssertEqual(response.status, .notFound, "a listed file that is gone")
            }
        }
    }

    func testAPackageInS3IsReadThroughTheService() async throws {
        let s3 = try S3TestServer.require()
        let (bucket, client) = try s3.makeBucket()
        for (path, data) in PackageFixture.files {
            try client.putObject(data, key: "packages/talk/\(path)", contentType: "application/octet-stream")
        }
        let environment = [
            "AWS_ACCESS_KEY_ID": s3.accessKey, "AWS_SECRET_ACCESS_KEY": s3.secretKey, "AWS_REGION": s3.region,
            "AWS_ENDPOINT_URL": s3.endpoint.absoluteString,
        ]
        let harness = try await ServiceHarness(environment: environment)
        let job = try await PackageFixture.succeeded(in: harness, destination: "s3://\(bucket)/packages/talk/")
        try await harness.test { client in
            let answer = try await Self.link(client, job.id)
            let base = try XCTUnwrap(answer.json["base"] as? String)
            try await client.execute(uri: base + "v360p/seg_00001.m4s", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(Data(buffer: response.body), PackageFixture.segment)
                XCTAssertEqual(response.headers[.contentType], "video/mp4")
            }
            try await client.execute(
                uri: base + "v360p/seg_00001.m4s", method: .get, headers: [.range: "bytes=10-19"]
            ) { response in
                XCTAssertEqual(response.status, .partialContent)
                XCTAssertEqual(Data(buffer: response.body), PackageFixture.segment.subdata(in: 10..<20))
            }
            try await client.execute(uri: base + "master.m3u8?rendition=v360p", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertFalse(String(buffer: response.body).contains("v480p"))
            }
        }
    }
}
