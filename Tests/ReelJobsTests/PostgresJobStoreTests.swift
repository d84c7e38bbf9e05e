import Foundation
import PostgresNIO
import XCTest

@testable import ReelJobs

/// The job store contract and the shared-database guarantees of the PostgreSQL store, each test
/// in a schema of its own on the server `scripts/test` starts.
final class PostgresJobStoreTests: XCTestCase {
    private var database: PostgresTestDatabase!

    override func setUpWithError() throws {
        database = try PostgresTestDatabase.require()
    }

    override func tearDown() async throws {
        try await database?.drop()
    }

    private var contract: JobStoreContract {
        let database = database!
        return JobStoreContract { try await database.open() }
    }

    // MARK: - Contract

    func testEnqueueIsIdempotent() async throws { try await contract.enqueueIsIdempotent() }
    func testConcurrentEnqueuesOfOneKeyMakeOneJob() async throws {
        try await contract.concurrentEnqueuesOfOneKeyMakeOneJob()
    }
    func testDatesAndJSONSurviveTheStore() async throws { try await contract.datesAndJSONSurviveTheStore() }
    func testClaimTakesOldestFirstAndWaitsForRunAfter() async throws {
        try await contract.claimTakesOldestFirstAndWaitsForRunAfter()
    }
    func testExpiredLeaseIsClaimedAgain() async throws { try await contract.expiredLeaseIsClaimedAgain() }
    func testHeartbeatRenewsTheLease() async throws { try await contract.heartbeatRenewsTheLease() }
    func testExpiredButUnclaimedLeaseCanBeRenewed() async throws {
        try await contract.expiredButUnclaimedLeaseCanBeRenewed()
    }
    func testConcurrentClaimersNeverShareAJob() async throws { try await contract.concurrentClaimersNeverShareAJob() }
    func testLateFinisherWritesNothing() async throws { try await contract.lateFinisherWritesNothing() }
    func testSucceededAndFailedOutcomes() async throws { try await contract.succeededAndFailedOutcomes() }
    func testRetryThenSuccess() async throws { try await contract.retryThenSuccess() }
    func testReleasedJobGoesBackWithoutUsingAnAttempt() async throws {
        try await contract.releasedJobGoesBackWithoutUsingAnAttempt()
    }
    func testCancelQueuedRunningAndFinishedJobs() async throws {
        try await contract.cancelQueuedRunningAndFinishedJobs()
    }
    func testCancelRequestedJobIsStillHandedOutAfterItsLease() async throws {
        try await contract.cancelRequestedJobIsStillHandedOutAfterItsLease()
    }
    func testEventsAreOrderedAndPaged() async throws { try await contract.eventsAreOrderedAndPaged() }
    func testSucceededJobIsFoundByContentAndRecipe() async throws {
        try await contract.succeededJobIsFoundByContentAndRecipe()
    }
    func testCountsAndRecentJobs() async throws { try await contract.countsAndRecentJobs() }
    func testOutputsNeverOverlap() async throws { try await contract.outputsNeverOverlap() }
    func testConcurrentEnqueuesOfOneOutputMakeOneJob() async throws {
        try await contract.concurrentEnqueuesOfOneOutputMakeOneJob()
    }
    func testRepeatedKeyMustRepeatTheRequest() async throws { try await contract.repeatedKeyMustRepeatTheRequest() }
    func testOwnersSeeAndCancelOnlyTheirJobs() async throws { try await contract.ownersSeeAndCancelOnlyTheirJobs() }
    func testRecentJobsArePagedByCursor() async throws { try await contract.recentJobsArePagedByCursor() }
    func testMetadataNumbersSurviveExactly() async throws { try await contract.metadataNumbersSurviveExactly() }
    func testReuseNeedsEveryFileOfThePackage() async throws { try await contract.reuseNeedsEveryFileOfThePackage() }
    func testFinalStatusAddsItsCallbackToTheOutbox() async throws {
        try await contract.finalStatusAddsItsCallbackToTheOutbox()
    }
    func testCallbackClaimsAreLeasedRetriedDeliveredAndAbandoned() async throws {
        try await contract.callbackClaimsAreLeasedRetriedDeliveredAndAbandoned()
    }
    func testConcurrentCallbackClaimersNeverShareADelivery() async throws {
        try await contract.concurrentCallbackClaimersNeverShareADelivery()
    }
    func testReopeningKeepsJobsAndMigratesOnce() async throws {
        try await contract.reopeningKeepsJobsAndMigratesOnce()
        let versions = try await database.query("SELECT version FROM reel_schema_migrations")
            .map { try $0.decode(Int.self) }
        XCTAssertEqual(versions, [1, 2, 3])
    }

    // MARK: - PostgreSQL

    func testProcessesStartingTogetherMigrateOnce() async throws {
        let database = database!
        let stores = try await withThrowingTaskGroup(of: PostgresJobStore.self) { group in
            for _ in 0..<4 {
                group.addTask { try await database.open() }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let versions = try await database.query("SELECT version FROM reel_schema_migrations")
            .map { try $0.decode(Int.self) }
        XCTAssertEqual(versions, [1, 2, 3])
        let id = try await stores[0].enqueue(JobFixtures.newJob()).job.id
        let seen = try await stores[3].job(id)
        XCTAssertEqual(seen?.id, id)
        for store in stores { await store.close() }
    }

    func testNewerSchemaIsRefused() async throws {
        let store = try await database.open()
        await store.close()
        _ = try await database.query("INSERT INTO reel_schema_migrations (version, description) VALUES (99, 'x')")
        do {
            let reopened = try await database.open()
            await reopened.close()
            XCTFail("opened a schema from the future")
        } catch {
            XCTAssertTrue("\(error)".contains("schema version 99"), "\(error)")
        }
    }

    func testLeasesUseTheDatabaseClock() async throws {
        let store = try await database.open()
        _ = try await store.enqueue(JobFixtures.newJob())
        let claimed = try unwrapped(try await store.claim(worker: "w", lease: 60))
        let now = try await database.query("SELECT now() AS now").first!.decode(Date.self)
        let lease = try XCTUnwrap(claimed.leaseExpiresAt)
        XCTAssertEqual(lease.timeIntervalSince(now), 60, accuracy: 2)
        await store.close()
    }

    func testEventAppendsAreNotified() async throws {
        let listener = try await database.open()
        let writer = try await database.open()
        let id = try await writer.enqueue(JobFixtures.newJob()).job.id
        // Listening starts asynchronously: append until the listener hears one; give up (and end
        // the stream by closing its store) after 10 s.
        let appender = Task {
            for _ in 0..<100 {
                try await writer.appendEvent(id, name: "progress", data: "{}")
                try await Task.sleep(for: .milliseconds(100))
            }
            await listener.close()
        }
        var heard: JobID?
        for try await jobID in listener.eventNotifications() where jobID == id {
            heard = jobID
            break
        }
        appender.cancel()
        _ = await appender.result
        XCTAssertEqual(heard, id)
        await writer.close()
        await listener.close()
    }

    /// A server restart (here a crash and recovery) costs the store the requests in flight, not
    /// its connection pool or its jobs: requests made while the server is down wait for it.
    func testStoreCarriesOnAfterTheServerRestarts() async throws {
        let cluster = try PostgresTestCluster()
        defer { cluster.remove() }
        try cluster.start()
        let store = try await PostgresJobStore.open(
            PostgresJobStoreConfiguration(
                host: "127.0.0.1", port: cluster.port, username: cluster.user, database: "postgres",
                sslMode: .disable, connectTimeout: 2, maximumConnections: 2),
            logger: PostgresTestDatabase.logger)
        let id = try await store.enqueue(JobFixtures.newJob()).job.id
        let claimed = try unwrapped(try await store.claim(worker: "w", lease: 60))

        cluster.crash()
        let restart = Task.detached {
            try await Task.sleep(for: .milliseconds(700))
            try cluster.start()
        }
        // The pooled connections died with the server; requests fail or wait until it is back.
        var heartbeat: LeaseStatus?
        let deadline = Date() + 30
        while heartbeat == nil && Date() < deadline {
            heartbeat = try? await store.heartbeat(id, worker: "w", attempt: claimed.attempts, lease: 60, progress: 0.5)
            if heartbeat == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        try await restart.value
        XCTAssertEqual(heartbeat, .held(cancelRequested: false))
        let finished = try await store.finish(
            id, worker: "w", attempt: 1, outcome: .succeeded(JobFixtures.result()))
        XCTAssertEqual(finished?.status, .succeeded)
        let names = try await store.events(of: id, after: 0, limit: 10).map(\.name)
        XCTAssertEqual(names, ["queued", "succeeded"])
        await store.close()
    }

    /// A stopped server costs a call the store's deadline, not the pool's connect retries, and a
    /// call that gave up never writes afterwards.
    func testStoppedServerAnswersWithinTheDeadline() async throws {
        let cluster = try PostgresTestCluster()
        defer { cluster.remove() }
        try cluster.start()
        let store = try await PostgresJobStore.open(
            PostgresJobStoreConfiguration(
                host: "127.0.0.1", port: cluster.port, username: cluster.user, database: "postgres",
                sslMode: .disable, connectTimeout: 10, maximumConnections: 2, operationTimeout: 1.5),
            logger: PostgresTestDatabase.logger)
        let first = try await store.enqueue(JobFixtures.newJob(1)).job.id
        cluster.crash()
        for call in ["enqueue", "job", "list"] {
            let started = Date()
            do {
                switch call {
                case "enqueue": _ = try await store.enqueue(JobFixtures.newJob(2))
                case "job": _ = try await store.job(first)
                default: _ = try await store.recentJobs(limit: 10, status: nil)
                }
                XCTFail("\(call) answered with the server down")
            } catch {
                guard case .unavailable(let message) = error else { return XCTFail("\(error)") }
                XCTAssertFalse(message.isEmpty)
            }
            XCTAssertLessThan(Date().timeIntervalSince(started), 4, call)
        }
        try cluster.start()
        var jobs: [Job]?
        let deadline = Date() + 30
        while jobs == nil && Date() < deadline {
            jobs = try? await store.recentJobs(limit: 10, status: nil)
            if jobs == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        XCTAssertEqual(jobs?.map(\.id), [first], "the enqueue that gave up wrote nothing")
        await store.close()
    }

    func testUnreachableServerIsReported() async throws {
        var configuration = database.configuration
        configuration.host = "127.0.0.1"
        configuration.port = 1
        configuration.password = "secret-password"
        configuration.connectTimeout = 2
        do {
            let store = try await PostgresJobStore.open(configuration)
            await store.close()
            XCTFail("connected to port 1")
        } catch {
            guard case .unavailable(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("cannot connect to postgres://"), message)
            XCTAssertTrue(message.contains("127.0.0.1:1"), message)
            XCTAssertFalse(message.contains("secret-password"), message)
        }
    }

    func testUnknownDatabaseIsReported() async throws {
        var configuration = database.configuration
        configuration.database = "reel_no_such_database"
        do {
            let store = try await PostgresJobStore.open(configuration)
            await store.close()
            XCTFail("connected to a missing database")
        } catch {
            XCTAssertTrue("\(error)".contains("reel_no_such_database"), "\(error)")
            XCTAssertTrue("\(error)".contains("does not exist"), "\(error)")
        }
    }

    func testClosedStoreFailsCleanly() async throws {
        let store = try await database.open()
        await store.close()
        await store.close()
        do {
            _ = try await store.job(JobID.make())
            XCTFail("a closed store answered")
        } catch {
            guard case .unavailable = error else { return XCTFail("\(error)") }
        }
    }
}
