import Foundation
import SQLiteNIO
import XCTest

@testable import ReelJobs

/// The job store contract and the single-machine guarantees of the SQLite store, on a temporary file.
final class SQLiteJobStoreTests: XCTestCase {
    private var directory: URL!
    private var path: String { directory.appendingPathComponent("jobs.db").path }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reel-jobs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private var contract: JobStoreContract {
        let path = path
        return JobStoreContract { try await SQLiteJobStore.open(path: path, takeOwnership: false) }
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
        let store = try await SQLiteJobStore.open(path: path, takeOwnership: false)
        let versions = try await store.connection.query("SELECT version FROM reel_schema_migrations")
        XCTAssertEqual(versions.compactMap { $0.column("version")?.integer }, [1, 2, 3])
        await store.close()
    }

    // MARK: - SQLite

    func testLockedStoreAnswersWithinTheDeadlineAndWritesNothing() async throws {
        let store = try await SQLiteJobStore.open(path: path, takeOwnership: false, deadline: 1)
        let locker = try await SQLiteJobStore.open(path: path, takeOwnership: false)
        // Another connection holds the write lock.
        _ = try await locker.connection.query("BEGIN IMMEDIATE")
        let started = Date()
        do {
            let result = try await store.enqueue(JobFixtures.newJob())
            XCTFail("enqueued \(result.job.id) through a locked store")
        } catch {
            guard case .unavailable = error else { return XCTFail("\(error)") }
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.5, "answered within the deadline")
        // Calls queued behind the stuck one give up in time too (a read that queued behind the
        // second enqueue may give up as well: the store's one connection runs one call at a time);
        // a read that answers sees no job.
        async let second = try? store.enqueue(JobFixtures.newJob(2))
        do {
            let counts = try await store.countsByStatus()
            XCTAssertEqual(counts[.queued], 0)
        } catch {
            guard case .unavailable = error else { return XCTFail("\(error)") }
        }
        _ = await second
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        _ = try await locker.connection.query("ROLLBACK")
        try await Task.sleep(for: .seconds(1.5))
        let after = try await store.countsByStatus()
        XCTAssertEqual(after[.queued], 0, "no job appeared after the callers gave up")
        let created = try await store.enqueue(JobFixtures.newJob(3))
        XCTAssertTrue(created.created)
        await locker.close()
        await store.close()
    }

    func testFileIsInWALMode() async throws {
        let store = try await SQLiteJobStore.open(path: path, takeOwnership: false)
        let mode = try await store.connection.query("PRAGMA journal_mode").first?.column("journal_mode")?.string
        XCTAssertEqual(mode, "wal")
        let synchronous = try await store.connection.query("PRAGMA synchronous").first?.column("synchronous")?.integer
        XCTAssertEqual(synchronous, 1, "NORMAL")
        await store.close()
    }

    func testOwnerMakesClaimedCallbacksClaimableAtOnce() async throws {
        let first = try await SQLiteJobStore.open(path: path, takeOwnership: true)
        let id = try await first.enqueue(JobFixtures.newJob()).job.id
        _ = try await first.claim(worker: "serve-1", lease: 60)
        _ = try await first.finish(id, worker: "serve-1", attempt: 1, outcome: .succeeded(JobFixtures.result()))
        let waiting = try await first.enqueue(JobFixtures.newJob(2)).job.id
        _ = try await first.claim(worker: "serve-1", lease: 60)
        _ = try await first.finish(waiting, worker: "serve-1", attempt: 1, outcome: .failed(JobFixtures.permanent))
        let claimed = try await first.claimCallbacks(worker: "serve-1", lease: 3600, limit: 10)
        XCTAssertEqual(Set(claimed.map(\.job.id)), [id, waiting])
        // One delivery waits for its backoff; the other dies with its process mid-attempt.
        _ = try await first.recordCallback(
            waiting, worker: "serve-1", attempt: 1, outcome: .retry(after: 3600, error: "HTTP 503"))
        await first.close()

        let next = try await SQLiteJobStore.open(path: path, takeOwnership: true)
        let reclaimed = try await next.claimCallbacks(worker: "serve-2", lease: 60, limit: 10)
        XCTAssertEqual(reclaimed.map(\.job.id), [id], "the interrupted attempt is made again at once, the backoff kept")
        XCTAssertEqual(reclaimed.first?.attempts, 2)
        await next.close()
    }

    func testOwnerMakesRunningJobsClaimableAtOnce() async throws {
        let first = try await SQLiteJobStore.open(path: path, takeOwnership: true)
        let id = try await first.enqueue(JobFixtures.newJob()).job.id
        let claimed = try await first.claim(worker: "serve-1", lease: 3600)
        XCTAssertEqual(claimed?.id, id)
        await first.close()

        // A non-owner leaves the lease alone.
        let reader = try await SQLiteJobStore.open(path: path, takeOwnership: false)
        let stillHeld = try await reader.claim(worker: "other", lease: 60)
        XCTAssertNil(stillHeld)
        await reader.close()

        let next = try await SQLiteJobStore.open(path: path, takeOwnership: true)
        let reclaimed = try unwrapped(try await next.claim(worker: "serve-2", lease: 60))
        XCTAssertEqual(reclaimed.id, id)
        XCTAssertEqual(reclaimed.attempts, 2)
        let lost = try await next.heartbeat(id, worker: "serve-1", attempt: 1, lease: 60, progress: nil)
        XCTAssertEqual(lost, .lost)
        await next.close()
    }

    func testSecondOwnerIsRefused() async throws {
        let owner = try await SQLiteJobStore.open(path: path, takeOwnership: true)
        do {
            let second = try await SQLiteJobStore.open(path: path, takeOwnership: true)
            await second.close()
            XCTFail("two owners of one store")
        } catch {
            guard case .unavailable(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("another reel process (pid \(getpid()))"), message)
            XCTAssertTrue(message.contains(path + ".lock"), message)
        }
        // Readers are welcome; the lock goes with the owner.
        let reader = try await SQLiteJobStore.open(path: path, takeOwnership: false)
        await reader.close()
        await owner.close()
        let next = try await SQLiteJobStore.open(path: path, takeOwnership: true)
        await next.close()
    }

    func testNewerSchemaIsRefused() async throws {
        let store = try await SQLiteJobStore.open(path: path, takeOwnership: false)
        _ = try await store.connection.query(
            "INSERT INTO reel_schema_migrations (version, description, applied_at) VALUES (99, 'future', 0)")
        await store.close()
        do {
            let reopened = try await SQLiteJobStore.open(path: path, takeOwnership: true)
            await reopened.close()
            XCTFail("opened a schema from the future")
        } catch {
            XCTAssertTrue("\(error)".contains("schema version 99"), "\(error)")
        }
        // The failed open released the ownership lock.
        let lock = try SQLiteOwnershipLock.acquire(storePath: path)
        lock.release()
    }

    func testClosedStoreFailsCleanly() async throws {
        let store = try await SQLiteJobStore.open(path: path, takeOwnership: false)
        await store.close()
        await store.close()
        do {
            _ = try await store.job(JobID.make())
            XCTFail("a closed store answered")
        } catch {
            XCTAssertTrue("\(error)".contains("closed"), "\(error)")
        }
    }

    func testMissingDirectoryIsReported() async throws {
        let bad = directory.appendingPathComponent("missing/jobs.db").path
        do {
            let store = try await SQLiteJobStore.open(path: bad, takeOwnership: false)
            await store.close()
            XCTFail("opened a store in a missing directory")
        } catch {
            XCTAssertTrue("\(error)".contains(bad), "\(error)")
        }
    }

    /// A SIGKILLed owner: its committed jobs survive, its lock goes with it, and the next owner
    /// hands its running job out at once. The owner is this test binary, run again as a helper.
    func testKilledOwnerLeavesNothingBehind() async throws {
        let executable = try XCTUnwrap(ProcessInfo.processInfo.arguments.first)
        guard executable.hasSuffix(".xctest") else {
            throw XCTSkip("needs the XCTest bundle executable to run the helper (\(executable))")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["ReelJobsTests.SQLiteJobStoreTests/testHelperOwnerKilledWhileRunning"]
        process.environment = ProcessInfo.processInfo.environment.merging(["REEL_TEST_KILLED_OWNER_STORE": path]) {
            $1
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(process.terminationStatus, SIGKILL)

        let store = try await SQLiteJobStore.open(path: path, takeOwnership: true)
        let counts = try await store.countsByStatus()
        XCTAssertEqual(counts[.running], 1)
        XCTAssertEqual(counts[.queued], 19)
        let running = try unwrapped(try await store.recentJobs(limit: 1, status: .running).first)
        let events = try await store.events(of: running.id, after: 0, limit: 10)
        XCTAssertEqual(events.map(\.name), ["queued", "started"])
        let reclaimed = try await store.claim(worker: "next", lease: 60)
        XCTAssertEqual(reclaimed?.id, running.id, "claimable at once, not after its hour-long lease")
        XCTAssertEqual(reclaimed?.attempts, 2)
        await store.close()
    }

    /// The helper of `testKilledOwnerLeavesNothingBehind`: owns the store, commits work, and
    /// SIGKILLs itself without closing anything.
    func testHelperOwnerKilledWhileRunning() async throws {
        guard let path = ProcessInfo.processInfo.environment["REEL_TEST_KILLED_OWNER_STORE"] else {
            throw XCTSkip("runs only as the helper process of testKilledOwnerLeavesNothingBehind")
        }
        let store = try await SQLiteJobStore.open(path: path, takeOwnership: true)
        for number in 0..<20 {
            _ = try await store.enqueue(JobFixtures.newJob(number))
        }
        let job = try unwrapped(try await store.claim(worker: "doomed", lease: 3600))
        try await store.appendEvent(job.id, name: "started", data: "{}")
        // tearDown will not run: remove this process's own (unused) scratch directory first.
        try? FileManager.default.removeItem(at: directory)
        kill(getpid(), SIGKILL)
    }
}
