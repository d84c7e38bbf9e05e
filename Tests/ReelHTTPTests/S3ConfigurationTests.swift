import Foundation
import XCTest

@testable import ReelHTTP

/// The S3 client's configuration: the bucket, region and endpoint checks, the AWS variables, and
/// the failures it reports.
final class S3ConfigurationTests: XCTestCase {
    private let environment = ["AWS_ACCESS_KEY_ID": "test:tester", "AWS_SECRET_ACCESS_KEY": "testing"]

    private func problem(_ make: () throws(S3Error) -> S3Configuration) -> S3Error? {
        do {
            _ = try make()
            return nil
        } catch {
            return error
        }
    }

    func testDefaultsForAWSAndForACustomEndpoint() throws {
        let aws = try S3Configuration(bucket: "media", environment: environment)
        XCTAssertEqual(aws.endpoint.absoluteString, "https://s3.us-east-1.amazonaws.com")
        XCTAssertEqual(aws.addressing, .virtual)
        XCTAssertEqual(aws.prefix, "", "the client takes whole keys")
        XCTAssertEqual(aws.credentials.accessKeyID, "test:tester")

        var variables = environment
        variables["AWS_REGION"] = "eu-west-1"
        variables["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9000"
        let local = try S3Configuration(bucket: "media", environment: variables)
        XCTAssertEqual(local.region, "eu-west-1")
        XCTAssertEqual(local.endpoint.absoluteString, "http://127.0.0.1:9000")
        XCTAssertEqual(local.addressing, .path)
    }

    func testInvalidConfigurationsNameTheBucketAndArePermanent() throws {
        let missing = try XCTUnwrap(
            problem { () throws(S3Error) in try S3Configuration(bucket: "media", environment: [:]) })
        XCTAssertEqual(missing.location, "s3://media/")
        XCTAssertFalse(missing.isTransient)
        XCTAssertTrue(missing.description.contains("AWS_ACCESS_KEY_ID"), missing.description)
        for bucket in ["ab", "Media", "-media", "media_"] {
            XCTAssertNotNil(
                problem { () throws(S3Error) in try S3Configuration(bucket: bucket, environment: environment) }, bucket)
        }
        let endpoint = try XCTUnwrap(
            problem { () throws(S3Error) in
                try S3Configuration(bucket: "media", environment: environment, endpoint: "http://h:9/base")
            })
        XCTAssertEqual(endpoint.reason, .invalidConfiguration("endpoint 'http://h:9/base' must have no path or query"))
    }

    func testFailuresDescribeThemselvesLikeOutputErrors() {
        let failure = S3Failure(
            operation: "GetObject", bucket: "media", key: "in/clip.mp4", status: 503, code: "SlowDown",
            message: "Reduce your request rate.", attempts: 5, isTransient: true)
        let error = S3Error(location: "s3://media/in/clip.mp4", reason: .request(failure))
        XCTAssertTrue(error.isTransient)
        XCTAssertEqual(
            error.description,
            #""s3://media/in/clip.mp4": GetObject s3://media/in/clip.mp4: HTTP 503 SlowDown: "#
                + "Reduce your request rate. after 5 attempts (transient)")
        XCTAssertFalse(S3Error(location: "s3://media/k", reason: .cancelled).isTransient)
    }
}
