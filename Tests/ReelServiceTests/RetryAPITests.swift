import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import ReelJobs
@testable import ReelService

/// `POST /v1/jobs/{id}/retry` makes a new job from the stored request of a failed or cancelled job.
final class RetryAPITests: XCTestCase {
    private static func retry(_ client: some TestClientProtocol, _ id: JobID, headers: HTTPFields = ServiceHarness.auth)
        async throws -> (status: HTTPResponse.Status, json: [String: Any], location: String?)
    {
        try await client.execute(uri: "/v1/jobs/\(id)/retry", method: .post, headers: headers) {
            ($0.status, $0.json, $0.headers[.location])
        }
    }

    func testAFailedOrCancelledJobRunsAgainAsANewJobOnce() async throws {
        let harness = try await ServiceHarness()
        let failed = try await PackageFixture.failed(in: harness)
        let cancelled = try await PackageFixture.failed(in: harness, cancelled: true)
        try await harness.test { client in
            let first = try await Self.retry(client, failed.id)
            XCTAssertEqual(first.status, .accepted, "\(first.json)")
            let id = try XCTUnwrap(first.json["id"] as? String)
            XCTAssertNotEqual(id, failed.id.rawValue)
            XCTAssertEqual(first.location, "/v1/jobs/\(id)")
            XCTAssertEqual(first.json["status"] as? String, "queued")
            XCTAssertEqual(first.json["attempts"] as? Int, 0)
            let found = try await harness.store.job(JobID(id))
            let stored = try XCTUnwrap(found)
            XCTAssertEqual(stored.request, failed.request, "the stored request, as it was")
            // Again: the job the first retry made.
            let again = try await Self.retry(client, failed.id)
            XCTAssertEqual(again.status, .ok)
            XCTAssertEqual(again.json["id"] as? String, id)
            let third = try await Self.retry(client, cancelled.id)
            XCTAssertEqual(third.status, .accepted)
        }
    }

    func testOnlyFailedAndCancelledJobsAreRetried() async throws {
        let harness = try await ServiceHarness()
        let succeeded = try await PackageFixture.succeeded(in: harness)
        let (queued, _) = try await harness.store.enqueue(NewJob(spec: PackageFixture.spec("waiting")))
        try await harness.test { client in
            for job in [succeeded, queued] {
                let answer = try await Self.retry(client, job.id)
                XCTAssertEqual(answer.status, .conflict)
                XCTAssertEqual((answer.json["error"] as? [String: Any])?["kind"] as? String, "not_retryable")
            }
            let unknown = try await Self.retry(client, JobID("3f1c5a2e-0b7d-4c1e-9d6a-2f1e0c9b8a7d"))
            XCTAssertEqual(unknown.status, .notFound)
        }
    }

    func testARetryBelongsToTheTenantAndNeedsWrite() async throws {
        let app1 = APIToken(id: "app1", token: "app1-token-0123456789", scopes: [.read, .write], tenant: "app1")
        let reader = APIToken(id: "reader", token: "reader-token-0123456789", scopes: [.read], tenant: "app1")
        let harness = try await ServiceHarness { $0.apiTokens += [app1, reader] }
        let mine = try await PackageFixture.failed(in: harness, owner: "app1")
        let theirs = try await PackageFixture.failed(in: harness, owner: "app2")
        try await harness.test { client in
            let tenant: HTTPFields = [.authorization: "Bearer \(app1.token)"]
            let hidden = try await Self.retry(client, theirs.id, headers: tenant)
            XCTAssertEqual(hidden.status, .notFound)
            let readOnly = try await Self.retry(client, mine.id, headers: [.authorization: "Bearer \(reader.token)"])
            XCTAssertEqual(readOnly.status, .forbidden)
            let answer = try await Self.retry(client, mine.id, headers: tenant)
            XCTAssertEqual(answer.status, .accepted)
            XCTAssertEqual(answer.json["owner"] as? String, "app1")
            // An admin's retry of a tenant's job stays the tenant's.
            let admin = try await Self.retry(client, theirs.id)
            XCTAssertEqual(admin.json["owner"] as? String, "app2")
        }
    }

    func testTheStoredRequestIsCheckedAgain() async throws {
        let harness = try await ServiceHarness { $0.allowSources = ["https://media.example.com/"] }
        let failed = try await PackageFixture.failed(in: harness)
        try await harness.test { client in
            let answer = try await Self.retry(client, failed.id)
            XCTAssertEqual(answer.status, .forbidden, "s3:// is no longer allowed")
            XCTAssertEqual((answer.json["error"] as? [String: Any])?["kind"] as? String, "source_not_allowed")
        }
    }
}
