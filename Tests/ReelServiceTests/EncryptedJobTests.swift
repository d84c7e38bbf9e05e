import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReelCore
import XCTest

@testable import ReelJobs
@testable import ReelService

/// Jobs with content keys: accepted only when the server can seal them, stored sealed, shown
/// redacted in every response.
final class EncryptedJobTests: XCTestCase {
    private let key = "00112233445566778899aabbccddeeff"
    private var job: String {
        #"{"source":"s3://uploads/a.mp4","encryption":{"scheme":"cbcs","drm":["clearkey","widevine"],"#
            + #""keys":[{"label":"video","kid":"0123456789abcdef0123456789abcdef","key":"\#(key)"}]}}"#
    }

    func testKeysAreRefusedWithoutAKeySecret() async throws {
        let harness = try await ServiceHarness()
        let (key, job) = (self.key, self.job)
        try await harness.test { client in
            try await client.execute(
                uri: "/v1/jobs", method: .post, headers: ServiceHarness.auth, body: ByteBuffer(string: job)
            ) { response in
                XCTAssertEqual(response.status, .badRequest)
                let text = String(buffer: response.body)
                XCTAssertTrue(text.contains("key_secret"), text)
                XCTAssertFalse(text.contains(key), text)
            }
        }
    }

    func testKeysAreSealedInTheStoreAndRedactedInResponses() async throws {
        let harness = try await ServiceHarness { $0.keySecret = "a-long-random-secret-that-seals-content-keys" }
        let key = self.key
        let job = self.job
        try await harness.test { client in
            let id = try await client.execute(
                uri: "/v1/jobs", method: .post, headers: ServiceHarness.auth, body: ByteBuffer(string: job)
            ) { response in
                XCTAssertEqual(response.status, .accepted)
                XCTAssertFalse(String(buffer: response.body).contains(key))
                return try XCTUnwrap(response.json["id"] as? String)
            }
            for uri in ["/v1/jobs/\(id)", "/v1/jobs"] {
                try await client.execute(uri: uri, method: .get, headers: ServiceHarness.auth) { response in
                    let text = String(buffer: response.body)
                    XCTAssertFalse(text.contains(key), "\(uri): \(text)")
                    XCTAssertTrue(text.contains(#""key":"redacted""#), "\(uri): \(text)")
                    XCTAssertTrue(text.contains("0123456789abcdef0123456789abcdef"), "\(uri): \(text)")
                }
            }
            // The store's files hold the key sealed, in no readable form; the store reads it back whole.
            let raw = Data((0..<16).map { UInt8($0 * 0x11) })  // the key above, 00 11 … ff
            let files = try FileManager.default.contentsOfDirectory(atPath: harness.directory.path)
            for file in files where file.hasPrefix("reel.db") {
                let bytes = try Data(contentsOf: harness.directory.appendingPathComponent(file))
                XCTAssertNil(bytes.range(of: Data(key.utf8)), file)
                XCTAssertNil(bytes.range(of: raw), file)
                XCTAssertNil(bytes.range(of: Data(raw.base64EncodedString().utf8)), file)
            }
            let stored = try await harness.store.recentJobs(limit: 1, status: nil)
            XCTAssertEqual(stored.first?.spec.encryption?.keys.first?.key, Array(raw))
        }
    }
}
