import Foundation
import XCTest

@testable import ReelHTTP
@testable import ReelOutput

final class OutputDestinationTests: XCTestCase {
    func testParsesTheThreeKinds() throws {
        XCTAssertEqual(try OutputDestination(parsing: "out/"), .directory(path: "out/"))
        XCTAssertEqual(try OutputDestination(parsing: "/tmp/pkg"), .directory(path: "/tmp/pkg"))
        XCTAssertEqual(try OutputDestination(parsing: "pkg.zip"), .zip(path: "pkg.zip"))
        XCTAssertEqual(try OutputDestination(parsing: "a/B.ZIP"), .zip(path: "a/B.ZIP"))
        XCTAssertEqual(try OutputDestination(parsing: "dir.zip/"), .directory(path: "dir.zip/"))
        XCTAssertEqual(
            try OutputDestination(parsing: "s3://media/videos/talk/"), .s3(bucket: "media", prefix: "videos/talk/"))
        XCTAssertEqual(
            try OutputDestination(parsing: "s3://media/videos/talk"), .s3(bucket: "media", prefix: "videos/talk/"))
        XCTAssertEqual(try OutputDestination(parsing: "s3://media"), .s3(bucket: "media", prefix: ""))
        XCTAssertEqual(try OutputDestination(parsing: "S3://media/"), .s3(bucket: "media", prefix: ""))
        XCTAssertEqual(try OutputDestination(parsing: "s3://media/x").description, "s3://media/x/")
    }

    func testErrorsNameTheDestination() {
        for text in ["", "s3://", "s3:///prefix", "gs://bucket/x", "http://host/x"] {
            XCTAssertThrowsError(try OutputDestination(parsing: text), text) { error in
                guard let error = error as? OutputError, case .invalidDestination = error.reason else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(error.path, text)
                XCTAssertFalse(error.isTransient)
            }
        }
    }

    func testBuildsTheMatchingBackend() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let directory = try OutputDestination(parsing: scratch.url.appendingPathComponent("d").path).makeOutput()
        XCTAssertTrue(directory is DirectoryOutput)
        let zip = try OutputDestination(parsing: scratch.url.appendingPathComponent("p.zip").path).makeOutput()
        XCTAssertTrue(zip is ZipOutput)
        zip.abort()
        let environment = ["AWS_ACCESS_KEY_ID": "a:b", "AWS_SECRET_ACCESS_KEY": "s", "AWS_REGION": "eu-west-1"]
        let s3 = try OutputDestination(parsing: "s3://media/x").makeOutput(
            s3: S3Options(uploadThreads: 2), environment: environment)
        let configuration = try XCTUnwrap(s3 as? S3Output).configuration
        XCTAssertEqual(configuration.bucket, "media")
        XCTAssertEqual(configuration.prefix, "x/")
        XCTAssertEqual(configuration.region, "eu-west-1")
        XCTAssertEqual(configuration.addressing, .virtual)
        XCTAssertEqual(configuration.endpoint.absoluteString, "https://s3.eu-west-1.amazonaws.com")
        XCTAssertEqual(configuration.uploadThreads, 2)
        XCTAssertEqual(configuration.credentials.accessKeyID, "a:b")
        s3.abort()
    }

    func testS3ConfigurationFromTheEnvironment() throws {
        var environment = [
            "AWS_ACCESS_KEY_ID": "test:tester", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "tok",
            "AWS_DEFAULT_REGION": "us-west-2", "AWS_ENDPOINT_URL": "http://127.0.0.1:9000",
        ]
        var configuration = try S3Configuration(bucket: "media", prefix: "a/b", environment: environment)
        XCTAssertEqual(configuration.region, "us-west-2")
        XCTAssertEqual(configuration.addressing, .path, "custom endpoints default to path-style")
        XCTAssertEqual(configuration.endpoint.absoluteString, "http://127.0.0.1:9000")
        XCTAssertEqual(configuration.credentials.sessionToken, "tok")
        XCTAssertEqual(configuration.key(for: try OutputPath("v/seg.m4s")), "a/b/v/seg.m4s")
        XCTAssertFalse(configuration.credentials.description.contains("testing"))

        environment["AWS_REGION"] = "eu-central-1"
        configuration = try S3Configuration(
            bucket: "media", prefix: "", environment: environment, endpoint: "http://localhost:9001",
            addressing: .virtual)
        XCTAssertEqual(configuration.region, "eu-central-1")
        XCTAssertEqual(configuration.addressing, .virtual)
        XCTAssertEqual(configuration.endpoint.absoluteString, "http://localhost:9001")

        XCTAssertThrowsError(try S3Configuration(bucket: "media", prefix: "", environment: [:])) { error in
            XCTAssertTrue("\(error)".contains("AWS_ACCESS_KEY_ID"), "\(error)")
        }
        for bucket in ["x", "Upper", "-dash", "has/slash"] {
            XCTAssertThrowsError(try S3Configuration(bucket: bucket, prefix: "", environment: environment), bucket)
        }
        XCTAssertThrowsError(try S3Configuration(bucket: "media", prefix: "a/../b", environment: environment))
        XCTAssertThrowsError(
            try S3Configuration(bucket: "media", prefix: "", environment: environment, endpoint: "ftp://x"))
        XCTAssertThrowsError(
            try S3Configuration(bucket: "media", prefix: "", environment: environment, endpoint: "http://h:9/base"))
    }
}
