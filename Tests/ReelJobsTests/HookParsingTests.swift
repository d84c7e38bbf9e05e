import Foundation
import XCTest

@testable import ReelJobs

final class HookParsingTests: XCTestCase {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func testTusdPostFinishFromS3Store() throws {
        let body = """
            {"Type":"post-finish","Event":{"Upload":{"ID":"a1b2+upload","Size":1234,"Offset":1234,
            "MetaData":{"filename":"talk.mp4","ladder":"apple-avc"},"IsFinal":false,
            "Storage":{"Type":"s3store","Bucket":"uploads","Key":"a1b2"}},"HTTPRequest":{"Method":"PATCH"}}}
            """
        let hook = try TusdHook(parsing: bytes(body))
        guard case .package(let notice) = hook.action else { return XCTFail("expected a package action") }
        XCTAssertEqual(notice.source, "s3://uploads/a1b2")
        XCTAssertEqual(notice.ladder, "apple-avc")
        XCTAssertEqual(notice.metadata["filename"], "talk.mp4")
        XCTAssertEqual(notice.version, "a1b2+upload:1234")
        XCTAssertEqual(notice.idempotencyKey(ladder: "web"), "upload:s3://uploads/a1b2#a1b2+upload:1234|web")
    }

    func testTusdFilestoreAndOtherTypes() throws {
        let finish =
            #"{"Type":"post-finish","Event":{"Upload":{"ID":"x","Size":5,"Storage":{"Type":"filestore","Path":"/srv/tusd/x"}}}}"#
        guard case .package(let notice) = try TusdHook(parsing: bytes(finish)).action else { return XCTFail() }
        XCTAssertEqual(notice.source, "/srv/tusd/x")
        XCTAssertNil(notice.ladder)
        XCTAssertEqual(try TusdHook(parsing: bytes(#"{"Type":"post-receive","Event":{}}"#)).action, .ignore)
        let partial =
            #"{"Type":"post-finish","Event":{"Upload":{"ID":"p","IsPartial":true,"Storage":{"Type":"filestore","Path":"/srv/tusd/p"}}}}"#
        XCTAssertEqual(try TusdHook(parsing: bytes(partial)).action, .ignore)
        let create = #"{"Type":"pre-create","Event":{"Upload":{"MetaData":{"ladder":"nope"}}}}"#
        XCTAssertEqual(try TusdHook(parsing: bytes(create)).action, .validate(ladder: "nope"))
    }

    func testMalformedTusdHooksNameTheField() {
        let cases: [(String, String)] = [
            ("not json", "not valid JSON"),
            (#"{"Event":{}}"#, "\"Type\""),
            (#"{"Type":"post-finish"}"#, "Event.Upload"),
            (#"{"Type":"post-finish","Event":{"Upload":{"ID":"x","Storage":{"Type":"gcsstore"}}}}"#, "gcsstore"),
            (
                #"{"Type":"post-finish","Event":{"Upload":{"ID":"x","Storage":{"Type":"s3store","Bucket":"b"}}}}"#,
                "Storage.Key"
            ),
        ]
        for (body, expected) in cases {
            XCTAssertThrowsError(try TusdHook(parsing: bytes(body)), body) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error) should mention \(expected)")
            }
        }
    }

    func testS3EventKeysAreFormDecoded() throws {
        let body = """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",
            "s3":{"bucket":{"name":"uploads"},"object":{"key":"talks/my+talk%281%29.mp4","size":42,"eTag":"\\"abc\\""}}},
            {"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"uploads"},"object":{"key":"old.mp4"}}}]}
            """
        guard case .uploads(let notices) = try S3HookMessage(parsing: bytes(body)) else { return XCTFail() }
        XCTAssertEqual(notices.map(\.source), ["s3://uploads/talks/my talk(1).mp4"])
        XCTAssertEqual(notices.first?.version, "abc")
    }

    func testMinIOEventWithPrefixedName() throws {
        let body = """
            {"EventName":"s3:ObjectCreated:CompleteMultipartUpload","Key":"media/a%20b.mov",
            "Records":[{"eventName":"s3:ObjectCreated:CompleteMultipartUpload",
            "s3":{"bucket":{"name":"media"},"object":{"key":"a%20b.mov","size":7,"eTag":"e1-2"}}}]}
            """
        guard case .uploads(let notices) = try S3HookMessage(parsing: bytes(body)) else { return XCTFail() }
        XCTAssertEqual(
            notices,
            [
                UploadNotice(
                    source: "s3://media/a b.mov", version: "e1-2",
                    metadata: ["event": "ObjectCreated:CompleteMultipartUpload"])
            ])
    }

    func testSNSEnvelopes() throws {
        let inner =
            #"{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"k.mp4","size":1,"eTag":"t"}}}]}"#
        let escaped = String(data: try JSONEncoder().encode(inner), encoding: .utf8)!
        let notification =
            #"{"Type":"Notification","MessageId":"m","TopicArn":"arn:aws:sns:us-east-1:1:t","Message":\#(escaped)}"#
        guard case .uploads(let notices) = try S3HookMessage(parsing: bytes(notification)) else { return XCTFail() }
        XCTAssertEqual(notices.map(\.source), ["s3://b/k.mp4"])

        let confirm =
            #"{"Type":"SubscriptionConfirmation","TopicArn":"arn:t","Token":"x","SubscribeURL":"https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription"}"#
        XCTAssertEqual(
            try S3HookMessage(parsing: bytes(confirm)),
            .confirmSubscription(url: "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription", topic: "arn:t")
        )

        let test = #"{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"b"}"#
        let wrapped = String(data: try JSONEncoder().encode(test), encoding: .utf8)!
        XCTAssertEqual(try S3HookMessage(parsing: bytes(test)), .ignore("s3:TestEvent"))
        XCTAssertEqual(
            try S3HookMessage(parsing: bytes(#"{"Type":"Notification","TopicArn":"t","Message":\#(wrapped)}"#)),
            .ignore("s3:TestEvent"))
    }

    func testMalformedS3Events() {
        for body in [
            "[]", #"{"nothing":1}"#, #"{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"}}}]}"#,
            #"{"Type":"Notification","TopicArn":"t","Message":"not json"}"#,
        ] {
            XCTAssertThrowsError(try S3HookMessage(parsing: bytes(body)), body)
        }
    }
}
