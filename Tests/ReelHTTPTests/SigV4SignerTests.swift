import Foundation
import XCTest

@testable import ReelHTTP

final class SigV4SignerTests: XCTestCase {
    func testAWSVectors() {
        XCTAssertEqual(SigV4Vector.all.count, 26)
        let date = Date(timeIntervalSince1970: SigV4Vector.timestamp)
        for vector in SigV4Vector.all {
            let signer = SigV4Signer(
                credentials: S3Credentials(
                    accessKeyID: SigV4Vector.accessKeyID, secretAccessKey: SigV4Vector.secretAccessKey,
                    sessionToken: vector.sessionToken),
                region: SigV4Vector.region, service: SigV4Vector.service)
            let signed = signer.sign(
                method: vector.method, path: vector.path, query: vector.query.map { ($0.0, $0.1) },
                headers: vector.headers.map { ($0.0, $0.1) }, payloadHash: SigV4Signer.emptyPayloadHash, date: date)
            XCTAssertEqual(signed.canonicalRequest, vector.canonicalRequest, vector.name)
            XCTAssertEqual(signed.stringToSign, vector.stringToSign, vector.name)
            XCTAssertEqual(signed.signature, vector.signature, vector.name)
            XCTAssertEqual(signed.authorization, vector.authorization, vector.name)
            XCTAssertEqual(signed.headers.first { $0.name == "x-amz-date" }?.value, "20150830T123600Z", vector.name)
            XCTAssertEqual(
                signed.headers.first { $0.name == "x-amz-security-token" }?.value, vector.sessionToken, vector.name)
        }
    }

    /// AWS's S3 documentation example "GET Object" (Signature Version 4, Authorization header):
    /// `x-amz-content-sha256` and `Range` are signed.
    func testS3DocumentationGetObjectExample() {
        let signer = SigV4Signer(
            credentials: S3Credentials(
                accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1")
        let signed = signer.sign(
            method: "GET", path: "/test.txt",
            headers: [
                ("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"),
                ("x-amz-content-sha256", SigV4Signer.emptyPayloadHash),
            ],
            payloadHash: SigV4Signer.emptyPayloadHash, date: Date(timeIntervalSince1970: 1_369_353_600))
        XCTAssertEqual(
            signed.canonicalRequest,
            """
            GET
            /test.txt

            host:examplebucket.s3.amazonaws.com
            range:bytes=0-9
            x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-amz-date:20130524T000000Z

            host;range;x-amz-content-sha256;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        XCTAssertEqual(signed.signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    func testS3KeyWithColonAndSpaceIsEncodedOnceInTheCanonicalRequest() {
        let signer = SigV4Signer(
            credentials: S3Credentials(accessKeyID: "test:tester", secretAccessKey: "testing"), region: "us-east-1")
        let signed = signer.sign(
            method: "PUT", path: "/bucket/v 720p/seg:00001.m4s", query: [("partNumber", "2"), ("uploadId", "a/b+c")],
            headers: [
                ("Host", "127.0.0.1:8080"), ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
                ("Content-Type", "video/mp4"), ("Cache-Control", "public,   max-age=31536000"),
            ],
            payloadHash: "UNSIGNED-PAYLOAD", date: Date(timeIntervalSince1970: 1_440_938_160))
        let lines = signed.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines[1], "/bucket/v%20720p/seg%3A00001.m4s")
        XCTAssertEqual(lines[2], "partNumber=2&uploadId=a%2Fb%2Bc")
        XCTAssertEqual(lines[3], "cache-control:public, max-age=31536000")
        XCTAssertEqual(lines[4], "content-type:video/mp4")
        XCTAssertEqual(lines.last, "UNSIGNED-PAYLOAD")
        XCTAssertTrue(
            signed.authorization.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=test:tester/20150830/us-east-1/s3/aws4_request, "
                    + "SignedHeaders=cache-control;content-type;host;x-amz-content-sha256;x-amz-date, Signature="),
            signed.authorization)
    }
}
