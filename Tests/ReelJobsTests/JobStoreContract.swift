import Foundation
import ReelOutput
import XCTest

@testable import ReelCore
@testable import ReelJobs

/// The behaviour every `JobStore` must have, run against SQLite and PostgreSQL alike.
///
/// `open` opens another handle on the same (fresh) database each time it is called: tests that
/// need several processes' worth of claimers or a second opening (migrations) call it again.
struct JobStoreContract: Sendable {
    let open: @Sendable () async throws -> any JobStore

    /// Runs `body` with an open store and closes it afterwards.
    func withStore(_ body: (any JobStore) async throws -> Void) async throws {
        let store = try await open()
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    // MARK: - Enqueue

    func enqueueIsIdempotent() async throws {
        try await withStore { store in
            let first = try await store.enqueue(JobFixtures.newJob(1, key: "bucket/a.mp4|web"))
            XCTAssertTrue(first.created)
            XCTAssertEqual(first.job.status, .queued)
            XCTAssertEqual(first.job.spec, JobFixtures.spec(1))
            XCTAssertEqual(first.job.idempotencyKey, "bucket/a.mp4|web")
            XCTAssertEqual(first.job.attempts, 0)
            XCTAssertEqual(first.job.maxAttempts, 3)

            let again = try await store.enqueue(JobFixtures.newJob(2, key: "bucket/a.mp4|web"))
            XCTAssertFalse(again.created)
            XCTAssertEqual(again.job, first.job, "the existing job, not the new spec")

            let other = try await store.enqueue(JobFixtures.newJob(3, key: "bucket/b.mp4|web"))
            XCTAssertTrue(other.created)
            XCTAssertNotEqual(other.job.id, first.job.id)
            let unkeyed1 = try await store.enqueue(JobFixtures.newJob(4))
            let unkeyed2 = try await store.enqueue(JobFixtures.newJob(4))
            XCTAssertTrue(unkeyed1.created && unkeyed2.created)
            XCTAssertNotEqual(unkeyed1.job.id, unkeyed2.job.id)

            let events = try await store.events(of: first.job.id, after: 0, limit: 10)
            XCTAssertEqual(events.map(\.name), ["queued"], "one queued event, none for the repeat")
            let eventJob = try Self.decodeJob(events[0].data)
            XCTAssertEqual(eventJob.id, first.job.id)
            XCTAssertEqual(eventJob.status, .queued)
            let stored = try await store.job(first.job.id)
            XCTAssertEqual(stored, first.job)
            let missing = try await store.job(JobID.make())
            XCTAssertNil(missing)
        }
    }

    func concurrentEnqueuesOfOneKeyMakeOneJob() async throws {
        let stores = try await (0..<3).asyncMap { _ in try await open() }
        let results = try await withThrowingTaskGroup(of: (Job, Bool).self) { group in
            for index in 0..<12 {
                let store = stores[index % stores.count]
                group.addTask {
                    let result = try await store.enqueue(JobFixtures.newJob(index, key: "same-key"))
                    return (result.job, result.created)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(results.filter(\.1).count, 1, "exactly one enqueue creates the job")
        XCTAssertEqual(Set(results.map(\.0.id)).count, 1)
        let events = try await stores[0].events(of: results[0].0.id, after: 0, limit: 100)
        XCTAssertEqual(events.map(\.name), ["queued"])
        for store in stores { await store.close() }
    }

    func datesAndJSONSurviveTheStore() async throws {
        try await withStore { store in
            let before = Date()
            let job = try await store.enqueue(JobFixtures.newJob(7, maxAttempts: 5)).job
            let after = Date()
            XCTAssertEqual(job.maxAttempts, 5)
            XCTAssertGreaterThanOrEqual(job.createdAt.timeIntervalSince1970, before.timeIntervalSince1970 - 1)
            XCTAssertLessThanOrEqual(job.createdAt.timeIntervalSince1970, after.timeIntervalSince1970 + 1)
            XCTAssertEqual(job.createdAt, job.updatedAt)
            XCTAssertEqual(job.runAfter, job.createdAt)
            XCTAssertNil(job.startedAt)
            XCTAssertNil(job.leaseExpiresAt)
            let claimed = try await store.claim(worker: "w1", lease: 30)
            let lease = try XCTUnwrap(claimed?.leaseExpiresAt)
            let started = try XCTUnwrap(claimed?.startedAt)
            // At least millisecond precision: the lease is the start plus exactly 30 s.
            XCTAssertEqual(lease.timeIntervalSince(started), 30, accuracy: 0.001)
        }
    }

    // MARK: - Claim

    func claimTakesOldestFirstAndWaitsForRunAfter() async throws {
        try await withStore { store in
            var ids: [JobID] = []
            for number in 0..<3 {
                ids.append(try await store.enqueue(JobFixtures.newJob(number)).job.id)
            }
            let a = try unwrapped(try await store.claim(worker: "w1", lease: 30))
            XCTAssertEqual(a.id, ids[0])
            XCTAssertEqual(a.status, .running)
            XCTAssertEqual(a.worker, "w1")
            XCTAssertEqual(a.attempts, 1)
            XCTAssertNotNil(a.startedAt)
            let b = try unwrapped(try await store.claim(worker: "w2", lease: 30))
            XCTAssertEqual(b.id, ids[1])

            // B backs off for 0.6 s: C is next, then nothing until B's time comes.
            let retried = try await store.finish(
                b.id, worker: "w2", attempt: 1, outcome: .retry(JobFixtures.transient, after: Date() + 0.6))
            XCTAssertEqual(retried?.status, .queued)
            let c = try await store.claim(worker: "w3", lease: 30)
            XCTAssertEqual(c?.id, ids[2])
            let none = try await store.claim(worker: "w3", lease: 30)
            XCTAssertNil(none, "B is backing off")
            try await Task.sleep(for: .milliseconds(800))
            let bAgain = try unwrapped(try await store.claim(worker: "w4", lease: 30))
            XCTAssertEqual(bAgain.id, b.id)
            XCTAssertEqual(bAgain.attempts, 2)
            XCTAssertEqual(bAgain.worker, "w4")
            XCTAssertEqual(bAgain.startedAt, b.startedAt, "started_at is the first attempt's")
            XCTAssertEqual(bAgain.error, JobFixtures.transient, "the last attempt's error stays visible")
        }
    }

    func expiredLeaseIsClaimedAgain() async throws {
        try await withStore { store in
            let id = try await store.enqueue(JobFixtures.newJob()).job.id
            let first = try unwrapped(try await store.claim(worker: "w1", lease: 0.5))
            XCTAssertEqual(first.id, id)
            let early = try await store.claim(worker: "w2", lease: 30)
            XCTAssertNil(early, "the lease holds")
            try await Task.sleep(for: .milliseconds(800))
            let second = try unwrapped(try await store.claim(worker: "w2", lease: 30))
            XCTAssertEqual(second.id, id)
            XCTAssertEqual(second.attempts, 2)
            XCTAssertEqual(second.worker, "w2")
            XCTAssertEqual(second.startedAt, first.startedAt)
            let lost = try await store.heartbeat(id, worker: "w1", attempt: 1, lease: 30, progress: 0.9)
            XCTAssertEqual(lost, .lost)
            let stale = try await store.heartbeat(id, worker: "w2", attempt: 1, lease: 30, progress: 0.9)
            XCTAssertEqual(stale, .lost, "the right worker with an old attempt number")
            let held = try await store.heartbeat(id, worker: "w2", attempt: 2, lease: 30, progress: 0.1)
            XCTAssertEqual(held, .held(cancelRequested: false))
            let job = try await store.job(id)
            XCTAssertEqual(job?.progress ?? -1, 0.1, accuracy: 1e-9, "the lost heartbeat wrote nothing")
        }
    }

    func heartbeatRenewsTheLease() async throws {
        try await withStore { store in
            let id = try await store.enqueue(JobFixtures.newJob()).job.id
            let claimed = try unwrapped(try await store.claim(worker: "w1", lease: 0.6))
            // Heartbeats every 0.2 s for 1.4 s, over twice the first lease: nobody else gets the job.
            for step in 1...7 {
                try await Task.sleep(for: .milliseconds(200))
                let status = try await store.heartbeat(
                    id, worker: "w1", attempt: claimed.attempts, lease: 0.6, progress: Double(step) / 10)
                XCTAssertEqual(status, .held(cancelRequested: false))
                let other = try await store.claim(worker: "w2", lease: 30)
                XCTAssertNil(other, "claimed again at step \(step) despite the heartbeats")
            }
            let renewed = try unwrapped(try await store.job(id))
            XCTAssertGreaterThan(
                try XCTUnwrap(renewed.leaseExpiresAt), try XCTUnwrap(claimed.leaseExpiresAt).addingTimeInterval(1))
            XCTAssertEqual(renewed.progress, 0.7, accuracy: 1e-9)

            // Progress never goes backwards; a heartbeat without progress keeps it.
            _ = try await store.heartbeat(id, worker: "w1", attempt: 1, lease: 30, progress: 0.3)
            _ = try await store.heartbeat(id, worker: "w1", attempt: 1, lease: 30, progress: nil)
            let job = try await store.job(id)
            XCTAssertEqual(job?.progress ?? -1, 0.7, accuracy: 1e-9)
        }
    }

    func expiredButUnclaimedLeaseCanBeRenewed() async throws {
        try await withStore { store in
            let id = try await store.enqueue(JobFixtures.newJob()).job.id
            _ = try await store.claim(worker: "w1", lease: 0.2)
            try await Task.sleep(for: .milliseconds(400))
            let status = try await store.heartbeat(id, worker: "w1", attempt: 1, lease: 30, progress: nil)
            XCTAssertEqual(status, .held(cancelRequested: false))
            let other = try await store.claim(worker: "w2", lease: 30)
            XCTAssertNil(other)
        }
    }

    func concurrentClaimersNeverShareAJob() async throws {
        let stores = try await (0..<4).asyncMap { _ in try await open() }
        var ids: Set<JobID> = []
        for number in 0..<50 {
            ids.insert(try await stores[number % stores.count].enqueue(JobFixtures.newJob(number)).job.id)
        }
        let claims = try await withThrowingTaskGroup(of: [Job].self) { group in
            for loop in 0..<8 {
                let store = stores[loop % stores.count]
                group.addTask {
                    var claimed: [Job] = []
                    while let job = try await store.claim(worker: "worker-\(loop)", lease: 60) {
                        claimed.append(job)
                    }
                    return claimed
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        XCTAssertEqual(claims.count, 50, "every job claimed exactly once")
        XCTAssertEqual(Set(claims.map(\.id)), ids)
        XCTAssertTrue(claims.allSatisfy { $0.attempts == 1 && $0.status == .running })
        let counts = try await stores[0].countsByStatus()
        XCTAssertEqual(counts[.running], 50)
        for store in stores { await store.close() }
    }

    // MARK: - Finish

    func lateFinisherWritesNothing() async throws {
        try await withStore { store in
            let id = try await store.enqueue(JobFixtures.newJob()).job.id
            _ = try await store.claim(worker: "w1", lease: 0.3)
            try await Task.sleep(for: .milliseconds(500))
            let second = try unwrapped(try await store.claim(worker: "w2", lease: 30))
            XCTAssertEqual(second.attempts, 2)

            let late = try await store.finish(
                id, worker: "w1", attempt: 1, outcome: .succeeded(JobFixtures.result(output: "late/")))
            XCTAssertNil(late, "w1 lost its claim")
            let untouched = try await store.job(id)
            XCTAssertEqual(untouched, second, "nothing written")

            let done = try await store.finish(
                id, worker: "w2", attempt: 2, outcome: .succeeded(JobFixtures.result(output: "w2/")))
            XCTAssertEqual(done?.status, .succeeded)
            XCTAssertEqual(done?.result?.output, "w2/")
            for outcome in [JobOutcome.succeeded(JobFixtures.result(output: "late/")), .failed(JobFixtures.permanent)] {
                let again = try await store.finish(id, worker: "w1", attempt: 1, outcome: outcome)
                XCTAssertNil(again)
                let twice = try await store.finish(id, worker: "w2", attempt: 2, outcome: outcome)
                XCTAssertNil(twice, "a finished job is finished once")
            }
            let final = try await store.job(id)
            XCTAssertEqual(final?.result?.output, "w2/")
            XCTAssertEqual(final?.status, .succeeded)
            let names = try await store.events(of: id, after: 0, limit: 100).map(\.name)
            XCTAssertEqual(names, ["queued", "succeeded"])
        }
    }

    func succeededAndFailedOutcomes() async throws {
        try await withStore { store in
            let a = try await store.enqueue(JobFixtures.newJob(1)).job.id
            let b = try await store.enqueue(JobFixtures.newJob(2)).job.id
            _ = try await store.claim(worker: "w", lease: 30)
            _ = try await store.claim(worker: "w", lease: 30)
            _ = try await store.heartbeat(a, worker: "w", attempt: 1, lease: 30, progress: 0.4)

            let succeeded = try unwrapped(
                try await store.finish(a, worker: "w", attempt: 1, outcome: .succeeded(JobFixtures.result())))
            XCTAssertEqual(succeeded.status, .succeeded)
            XCTAssertEqual(succeeded.progress, 1)
            XCTAssertEqual(succeeded.result, JobFixtures.result())
            XCTAssertNil(succeeded.error)
            XCTAssertNotNil(succeeded.finishedAt)
            XCTAssertNil(succeeded.leaseExpiresAt)
            XCTAssertEqual(succeeded.worker, "w")

            let failed = try unwrapped(
                try await store.finish(b, worker: "w", attempt: 1, outcome: .failed(JobFixtures.permanent)))
            XCTAssertEqual(failed.status, .failed)
            XCTAssertEqual(failed.error, JobFixtures.permanent)
            XCTAssertNil(failed.result)
            XCTAssertNotNil(failed.finishedAt)

            let events = try await store.events(of: b, after: 0, limit: 10)
            XCTAssertEqual(events.map(\.name), ["queued", "failed"])
            XCTAssertTrue(events[1].isFinal)
            let eventJob = try Self.decodeJob(events[1].data)
            XCTAssertEqual(eventJob.status, .failed)
            XCTAssertEqual(eventJob.error, JobFixtures.permanent)
            let stored = try await store.job(a)
            XCTAssertEqual(stored, succeeded)
        }
    }

    func retryThenSuccess() async throws {
        try await withStore { store in
            let id = try await store.enqueue(JobFixtures.newJob()).job.id
            _ = try await store.claim(worker: "w1", lease: 30)
            let retried = try unwrapped(
                try await store.finish(
                    id, worker: "w1", attempt: 1, outcome: .retry(JobFixtures.transient, after: Date())))
            XCTAssertEqual(retried.status, .queued)
            XCTAssertEqual(retried.error, JobFixtures.transient)
            XCTAssertEqual(retried.worker, "w1", "the worker that last held it")
            XCTAssertNil(retried.leaseExpiresAt)
            XCTAssertEqual(retried.attempts, 1)
            let heartbeat = try await store.heartbeat(id, worker: "w1", attempt: 1, lease: 30, progress: nil)
            XCTAssertEqual(heartbeat, .lost, "a retried attempt is over")

            let again = try unwrapped(try await store.claim(worker: "w2", lease: 30))
            XCTAssertEqual(again.attempts, 2)
            let done = try unwrapped(
                try await store.finish(id, worker: "w2", attempt: 2, outcome: .succeeded(JobFixtures.result())))
            XCTAssertEqual(done.status, .succeeded)
            XCTAssertNil(done.error, "success clears the earlier attempt's error")
            let events = try await store.events(of: id, after: 0, limit: 10)
            XCTAssertEqual(events.map(\.name), ["queued", "retrying", "succeeded"])
            XCTAssertEqual(try Self.decodeJob(events[1].data).status, .queued)
        }
    }

    func releasedJobGoesBackWithoutUsingAnAttempt() async throws {
        try await withStore { store in
            let id = try await store.enqueue(JobFixtures.newJob()).job.id
            let claimed = try unwrapped(try await store.claim(worker: "w1", lease: 30))
            XCTAssertEqual(claimed.attempts, 1)
            let released = try unwrapped(try await store.finish(id, worker: "w1", attempt: 1, outcome: .released))
            XCTAssertEqual(released.status, .queued)
            XCTAssertEqual(released.attempts, 0)
            XCTAssertNil(released.leaseExpiresAt)
            XCTAssertNil(released.finishedAt)
            let again = try unwrapped(try await store.claim(worker: "w2", lease: 30), "claimable at once")
            XCTAssertEqual(again.id, id)
            XCTAssertEqual(again.attempts, 1)
            let names = try await store.events(of: id, after: 0, limit: 10).map(\.name)
            XCTAssertEqual(names, ["queued", "released"])
        }
    }

    // MARK: - Cancel

    func cancelQueuedRunningAndFinishedJobs() async throws {
        try await withStore { store in
            let queued = try await store.enqueue(JobFixtures.newJob(1)).job.id
            let cancelled = try unwrapped(try await store.cancel(queued))
            XCTAssertEqual(cancelled.status, .cancelled)
            XCTAssertNotNil(cancelled.finishedAt)
            let again = try await store.cancel(queued)
            XCTAssertEqual(again, cancelled, "cancelling twice changes nothing")
            var names = try await store.events(of: queued, after: 0, limit: 10).map(\.name)
            XCTAssertEqual(names, ["queued", "cancelled"])
            let unclaimable = try await store.claim(worker: "w", lease: 30)
            XCTAssertNil(unclaimable)

            let running = try await store.enqueue(JobFixtures.newJob(2)).job.id
            _ = try await store.claim(worker: "w", lease: 30)
            let requested = try unwrapped(try await store.cancel(running))
            XCTAssertEqual(requested.status, .running)
            XCTAssertTrue(requested.cancelRequested)
            let heartbeat = try await store.heartbeat(running, worker: "w", attempt: 1, lease: 30, progress: 0.5)
            XCTAssertEqual(heartbeat, .held(cancelRequested: true))
            let finished = try unwrapped(try await store.finish(running, worker: "w", attempt: 1, outcome: .cancelled))
            XCTAssertEqual(finished.status, .cancelled)
            XCTAssertNotNil(finished.finishedAt)
            names = try await store.events(of: running, after: 0, limit: 10).map(\.name)
            XCTAssertEqual(names, ["queued", "cancelled"])

            let done = try await store.enqueue(JobFixtures.newJob(3)).job.id
            _ = try await store.claim(worker: "w", lease: 30)
            let succeeded = try await store.finish(
                done, worker: "w", attempt: 1, outcome: .succeeded(JobFixtures.result()))
            let unchanged = try await store.cancel(done)
            XCTAssertEqual(unchanged, succeeded)
            XCTAssertEqual(unchanged?.cancelRequested, false)

            let missing = try await store.cancel(JobID.make())
            XCTAssertNil(missing)
        }
    }

    func cancelRequestedJobIsStillHandedOutAfterItsLease() async throws {
        try await withStore { store in
            let id = try await store.enqueue(JobFixtures.newJob()).job.id
            _ = try await store.claim(worker: "w1", lease: 0.3)
            _ = try await store.cancel(id)
            try await Task.sleep(for: .milliseconds(500))
            let reclaimed = try unwrapped(try await store.claim(worker: "w2", lease: 30))
            XCTAssertEqual(reclaimed.id, id)
            XCTAssertTrue(reclaimed.cancelRequested, "the worker sees the request and finishes it as cancelled")
            let finished = try await store.finish(id, worker: "w2", attempt: 2, outcome: .cancelled)
            XCTAssertEqual(finished?.status, .cancelled)
        }
    }

    // MARK: - Events, lookups, counts

    func eventsAreOrderedAndPaged() async throws {
        try await withStore { store in
            let a = try await store.enqueue(JobFixtures.newJob(1)).job.id
            let b = try await store.enqueue(JobFixtures.newJob(2)).job.id
            var appended: [JobEvent] = []
            for index in 0..<5 {
                appended.append(
                    try await store.appendEvent(a, name: "progress", data: #"{"fraction":0.\#(index)}"#))
                try await store.appendEvent(b, name: "segment", data: #"{"index":\#(index)}"#)
            }
            XCTAssertEqual(appended.map(\.sequence), appended.map(\.sequence).sorted())
            XCTAssertEqual(Set(appended.map(\.sequence)).count, 5)

            let all = try await store.events(of: a, after: 0, limit: 100)
            XCTAssertEqual(all.map(\.name), ["queued"] + Array(repeating: "progress", count: 5))
            XCTAssertEqual(all.map(\.sequence), all.map(\.sequence).sorted())
            XCTAssertTrue(all.allSatisfy { $0.jobID == a })
            XCTAssertEqual(Array(all.dropFirst()), appended)
            XCTAssertEqual(all[3].data, #"{"fraction":0.2}"#, "data is kept as written")

            let rest = try await store.events(of: a, after: appended[2].sequence, limit: 100)
            XCTAssertEqual(rest, Array(appended[3...]))
            let page = try await store.events(of: a, after: 0, limit: 2)
            XCTAssertEqual(page, Array(all.prefix(2)))
            let none = try await store.events(of: a, after: appended[4].sequence, limit: 100)
            XCTAssertEqual(none, [])
            let unknown = try await store.events(of: JobID.make(), after: 0, limit: 10)
            XCTAssertEqual(unknown, [])

            do {
                try await store.appendEvent(JobID.make(), name: "progress", data: "{}")
                XCTFail("an event of a missing job was stored")
            } catch {
                XCTAssertTrue("\(error)".contains("no job"), "\(error)")
            }
        }
    }

    func succeededJobIsFoundByContentAndRecipe() async throws {
        try await withStore { store in
            var finished: [Job] = []
            for (number, recipe) in [(1, "r1"), (2, "r1"), (3, "r2")] {
                let id = try await store.enqueue(JobFixtures.newJob(number)).job.id
                _ = try await store.claim(worker: "w", lease: 30)
                let result = JobFixtures.result(contentID: "content-x", recipe: recipe, output: "out-\(number)/")
                finished.append(
                    try unwrapped(try await store.finish(id, worker: "w", attempt: 1, outcome: .succeeded(result))))
                try await Task.sleep(for: .milliseconds(5))
            }
            let failedID = try await store.enqueue(JobFixtures.newJob(4)).job.id
            _ = try await store.claim(worker: "w", lease: 30)
            _ = try await store.finish(failedID, worker: "w", attempt: 1, outcome: .failed(JobFixtures.permanent))

            let latest = try await store.succeededJob(contentID: "content-x", recipe: "r1")
            XCTAssertEqual(latest?.id, finished[1].id, "the latest success")
            let other = try await store.succeededJob(contentID: "content-x", recipe: "r2")
            XCTAssertEqual(other?.id, finished[2].id)
            let none = try await store.succeededJob(contentID: "content-y", recipe: "r1")
            XCTAssertNil(none)
        }
    }

    func countsAndRecentJobs() async throws {
        try await withStore { store in
            var empty = try await store.countsByStatus()
            XCTAssertEqual(empty, Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) }))
            var ids: [JobID] = []
            for number in 0..<6 {
                ids.append(try await store.enqueue(JobFixtures.newJob(number)).job.id)
            }
            // 0 succeeds, 1 fails, 2 runs, 3 is cancelled, 4 and 5 wait.
            for _ in 0..<3 { _ = try await store.claim(worker: "w", lease: 30) }
            _ = try await store.finish(ids[0], worker: "w", attempt: 1, outcome: .succeeded(JobFixtures.result()))
            _ = try await store.finish(ids[1], worker: "w", attempt: 1, outcome: .failed(JobFixtures.permanent))
            _ = try await store.cancel(ids[3])
            empty = try await store.countsByStatus()
            XCTAssertEqual(empty, [.queued: 2, .running: 1, .succeeded: 1, .failed: 1, .cancelled: 1])

            let recent = try await store.recentJobs(limit: 4, status: nil)
            XCTAssertEqual(recent.map(\.id), Array(ids.reversed().prefix(4)))
            let queued = try await store.recentJobs(limit: 10, status: .queued)
            XCTAssertEqual(queued.map(\.id), [ids[5], ids[4]])
            let none = try await store.recentJobs(limit: 0, status: nil)
            XCTAssertEqual(none, [])
        }
    }

    // MARK: - Outputs, owners, idempotency

    /// Asserts that enqueueing `job` is refused because `owner` holds an overlapping output.
    func assertOutputTaken(
        _ store: any JobStore, _ job: NewJob, by owner: JobID, file: StaticString = #filePath, line: UInt = #line
    ) async {
        do {
            let result = try await store.enqueue(job)
            XCTFail("output \(job.spec.output ?? "-") was given to job \(result.job.id)", file: file, line: line)
        } catch {
            guard case .outputTaken(_, let holder) = error else {
                return XCTFail("\(error)", file: file, line: line)
            }
            XCTAssertEqual(holder, owner, file: file, line: line)
        }
    }

    func outputsNeverOverlap() async throws {
        try await withStore { store in
            let a = try await store.enqueue(JobFixtures.newJob(1, key: "a", output: "shows/a")).job
            for taken in ["shows/a", "shows/a/", "./shows//a", "shows", "shows/a/extra", "shows/a/v720p/x"] {
                await assertOutputTaken(store, JobFixtures.newJob(2, output: taken), by: a.id)
            }
            // Neighbours whose names merely start alike are separate packages.
            for free in ["shows/ab", "shows/a.zip", "shows/a-2", "show"] {
                let created = try await store.enqueue(JobFixtures.newJob(3, output: free))
                XCTAssertTrue(created.created, free)
                _ = try await store.cancel(created.job.id)
            }
            // The same request repeated is the same job, not a conflict.
            let again = try await store.enqueue(JobFixtures.newJob(1, key: "a", output: "shows/a"))
            XCTAssertEqual(again.job.id, a.id)
            XCTAssertFalse(again.created)

            // A default output (the job id) is held like an explicit one.
            let b = try await store.enqueue(JobFixtures.newJob(4)).job
            await assertOutputTaken(store, JobFixtures.newJob(5, output: b.id.rawValue), by: b.id)
            await assertOutputTaken(store, JobFixtures.newJob(5, output: "\(b.id)/inside"), by: b.id)

            // Running and succeeded jobs hold their output; failed and cancelled ones release it.
            let claimed = try unwrapped(try await store.claim(worker: "w", lease: 30))
            XCTAssertEqual(claimed.id, a.id)
            await assertOutputTaken(store, JobFixtures.newJob(6, output: "shows/a"), by: a.id)
            _ = try await store.finish(a.id, worker: "w", attempt: 1, outcome: .succeeded(JobFixtures.result()))
            await assertOutputTaken(store, JobFixtures.newJob(6, output: "shows/a/more"), by: a.id)
            _ = try await store.cancel(b.id)
            let afterCancel = try await store.enqueue(JobFixtures.newJob(7, output: b.id.rawValue))
            XCTAssertTrue(afterCancel.created)
            _ = try await store.claim(worker: "w", lease: 30)
            _ = try await store.finish(
                afterCancel.job.id, worker: "w", attempt: 1, outcome: .failed(JobFixtures.permanent))
            let afterFailure = try await store.enqueue(JobFixtures.newJob(8, output: b.id.rawValue))
            XCTAssertTrue(afterFailure.created)
            let events = try await store.events(of: a.id, after: 0, limit: 10).map(\.name)
            XCTAssertEqual(events, ["queued", "succeeded"], "refused enqueues leave no trace")
        }
    }

    func concurrentEnqueuesOfOneOutputMakeOneJob() async throws {
        let stores = try await (0..<3).asyncMap { _ in try await open() }
        let outcomes = try await withThrowingTaskGroup(of: JobID?.self) { group in
            for index in 0..<12 {
                let store = stores[index % stores.count]
                // Half of them ask for a location inside the other half's.
                let output = index % 2 == 0 ? "race/x" : "race/x/inner"
                group.addTask {
                    do {
                        return try await store.enqueue(JobFixtures.newJob(index, output: output)).job.id
                    } catch JobStoreError.outputTaken {
                        return nil
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(outcomes.compactMap { $0 }.count, 1, "exactly one job gets the location")
        let counts = try await stores[0].countsByStatus()
        XCTAssertEqual(counts[.queued], 1)
        for store in stores { await store.close() }
    }

    func repeatedKeyMustRepeatTheRequest() async throws {
        try await withStore { store in
            let first = try await store.enqueue(JobFixtures.newJob(1, key: "k1", requestMustMatch: true))
            XCTAssertTrue(first.created)
            let same = try await store.enqueue(JobFixtures.newJob(1, key: "k1", requestMustMatch: true))
            XCTAssertEqual(same.job.id, first.job.id)
            XCTAssertFalse(same.created)
            for different in [
                JobFixtures.newJob(2, key: "k1", requestMustMatch: true),
                JobFixtures.newJob(1, key: "k1", owner: "tenant-b", requestMustMatch: true),
            ] {
                do {
                    _ = try await store.enqueue(different)
                    XCTFail("a different request took the key's job")
                } catch {
                    XCTAssertEqual(error as? JobStoreError, .idempotencyMismatch(existing: first.job.id))
                }
            }
            // Hooks (no match required) get the key's job whatever they carry.
            let hook = try await store.enqueue(JobFixtures.newJob(3, key: "k1"))
            XCTAssertEqual(hook.job.id, first.job.id)
            let count = try await store.countsByStatus()[.queued]
            XCTAssertEqual(count, 1)
        }
    }

    func ownersSeeAndCancelOnlyTheirJobs() async throws {
        try await withStore { store in
            let a = try await store.enqueue(JobFixtures.newJob(1, owner: "tenant-a")).job
            let b = try await store.enqueue(JobFixtures.newJob(2, owner: "tenant-b")).job
            let hook = try await store.enqueue(JobFixtures.newJob(3)).job
            XCTAssertEqual(a.owner, "tenant-a")
            XCTAssertNil(hook.owner)
            let ownJob = try await store.job(a.id, owner: "tenant-a")
            XCTAssertEqual(ownJob, a)
            let othersJob = try await store.job(a.id, owner: "tenant-b")
            XCTAssertNil(othersJob)
            let anyOwner = try await store.job(a.id)
            XCTAssertEqual(anyOwner, a)
            let listed = try await store.recentJobs(limit: 10, status: nil, owner: "tenant-b", before: nil)
            XCTAssertEqual(listed.map(\.id), [b.id])
            let all = try await store.recentJobs(limit: 10, status: nil)
            XCTAssertEqual(all.map(\.id), [hook.id, b.id, a.id])
            let refused = try await store.cancel(a.id, owner: "tenant-b")
            XCTAssertNil(refused)
            let untouched = try await store.job(a.id)
            XCTAssertEqual(untouched?.status, .queued)
            let cancelled = try await store.cancel(a.id, owner: "tenant-a")
            XCTAssertEqual(cancelled?.status, .cancelled)
            let event = try await store.events(of: b.id, after: 0, limit: 1).first
            XCTAssertEqual(try Self.decodeJob(try XCTUnwrap(event).data).owner, "tenant-b")
        }
    }

    func recentJobsArePagedByCursor() async throws {
        try await withStore { store in
            var ids: [JobID] = []
            for number in 0..<5 {
                ids.append(try await store.enqueue(JobFixtures.newJob(number, owner: number == 2 ? "t" : nil)).job.id)
            }
            let first = try await store.recentJobs(limit: 2, status: nil, owner: nil, before: nil)
            XCTAssertEqual(first.map(\.id), [ids[4], ids[3]])
            let second = try await store.recentJobs(limit: 2, status: nil, owner: nil, before: first.last?.id)
            XCTAssertEqual(second.map(\.id), [ids[2], ids[1]])
            let third = try await store.recentJobs(limit: 2, status: nil, owner: nil, before: second.last?.id)
            XCTAssertEqual(third.map(\.id), [ids[0]])
            let queued = try await store.recentJobs(limit: 10, status: .queued, owner: nil, before: ids[3])
            XCTAssertEqual(queued.map(\.id), [ids[2], ids[1], ids[0]])
            let mine = try await store.recentJobs(limit: 10, status: nil, owner: "t", before: ids[4])
            XCTAssertEqual(mine.map(\.id), [ids[2]])
        }
    }

    func metadataNumbersSurviveExactly() async throws {
        let body = #"{"big": 123456789012345678901234567890, "tenth": 0.1, "negative": -2.5e-7, "one": 1}"#
        XCTAssertNil(JSONValue.inexactNumber(in: Array(body.utf8)))
        let metadata = try JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))
        var spec = JobFixtures.spec(1)
        spec.metadata = metadata
        try await withStore { store in
            let id = try await store.enqueue(NewJob(spec: spec)).job.id
            let stored = try unwrapped(try await store.job(id))
            XCTAssertEqual(stored.spec.metadata, metadata)
            let text = String(decoding: try JobCoding.encoder.encode(stored.spec.metadata), as: UTF8.self)
            XCTAssertEqual(
                text, #"{"big":123456789012345678901234567890,"negative":-0.00000025,"one":1,"tenth":0.1}"#)
        }
    }

    func reuseNeedsEveryFileOfThePackage() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("reel-reuse-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let package = root.appendingPathComponent("first")
        try FileManager.default.createDirectory(
            at: package.appendingPathComponent("v1"), withIntermediateDirectories: true)
        let files = [
            "master.m3u8": "#EXTM3U\n", "v1/index.m3u8": "#EXTM3U\n#EXT-X-ENDLIST\n", "v1/seg_00001.m4s": "0123",
        ]
        for (path, text) in files { try Data(text.utf8).write(to: package.appendingPathComponent(path)) }
        try await withStore { store in
            let first = try await store.enqueue(JobFixtures.newJob(1)).job.id
            _ = try await store.claim(worker: "w", lease: 30)
            var result = JobFixtures.result(contentID: "content", recipe: "recipe", output: package.path + "/")
            result.manifests = ["hls": package.path + "/master.m3u8"]
            result.files = files.mapValues { $0.utf8.count }
            _ = try await store.finish(first, worker: "w", attempt: 1, outcome: .succeeded(result))
            let stored = try await store.job(first)
            XCTAssertEqual(stored?.result?.files, result.files, "the file list is kept")
            XCTAssertFalse(
                String(decoding: try JobCoding.encoder.encode(stored), as: UTF8.self).contains("seg_00001"),
                "but not shown")
            let second = try await store.enqueue(JobFixtures.newJob(2)).job
            let runner = JobRunner(
                store: store,
                settings: WorkerSettings(
                    location: PackageLocation(root: .directory(path: root.path)), environment: [:],
                    callbacks: CallbackSender(secret: nil)),
                signals: JobSignals())
            let intact = try await runner.reusable(contentID: "content", recipe: "recipe", for: second)
            XCTAssertEqual(intact?.reusedFrom, first)
            // A segment rewritten with other bytes, then gone: package anew.
            try Data("01".utf8).write(to: package.appendingPathComponent("v1/seg_00001.m4s"))
            let changed = try await runner.reusable(contentID: "content", recipe: "recipe", for: second)
            XCTAssertNil(changed)
            try FileManager.default.removeItem(at: package.appendingPathComponent("v1/seg_00001.m4s"))
            let missing = try await runner.reusable(contentID: "content", recipe: "recipe", for: second)
            XCTAssertNil(missing)
        }
    }

    // MARK: - Callback outbox

    /// Enqueues, claims and finishes a job (as worker `w`), returning it as finished.
    private func finishedJob(
        _ store: any JobStore, _ number: Int, outcome: JobOutcome = .succeeded(JobFixtures.result()),
        callbackURL: String? = "https://hooks.example/done"
    ) async throws -> Job {
        var job = JobFixtures.newJob(number)
        job.spec.callbackURL = callbackURL
        let id = try await store.enqueue(job).job.id
        let claimed = try unwrapped(try await store.claim(worker: "w", lease: 30))
        XCTAssertEqual(claimed.id, id)
        return try unwrapped(try await store.finish(id, worker: "w", attempt: claimed.attempts, outcome: outcome))
    }

    func finalStatusAddsItsCallbackToTheOutbox() async throws {
        try await withStore { store in
            // A retry is not final: no callback yet.
            let id = try await store.enqueue(JobFixtures.newJob(1)).job.id
            _ = try await store.claim(worker: "w", lease: 30)
            _ = try await store.finish(
                id, worker: "w", attempt: 1, outcome: .retry(JobFixtures.transient, after: Date()))
            let none = try await store.callback(of: id)
            XCTAssertNil(none)
            _ = try await store.claim(worker: "w", lease: 30)
            // A late finisher whose claim was lost writes no callback either.
            let lost = try await store.finish(id, worker: "w", attempt: 1, outcome: .failed(JobFixtures.permanent))
            XCTAssertNil(lost)
            let stillNone = try await store.callback(of: id)
            XCTAssertNil(stillNone)
            let succeeded = try unwrapped(
                try await store.finish(id, worker: "w", attempt: 2, outcome: .succeeded(JobFixtures.result())))
            let pending = try unwrapped(try await store.callback(of: id))
            XCTAssertEqual(pending.state, .pending)
            XCTAssertEqual(pending.url, "https://hooks.example/done")
            XCTAssertEqual(pending.attempts, 0)
            XCTAssertNil(pending.lastError)
            XCTAssertEqual(pending.job, succeeded, "the job as its final status stored it")
            XCTAssertLessThan(pending.age, 5)

            let failed = try await finishedJob(store, 2, outcome: .failed(JobFixtures.permanent))
            let failedCallback = try await store.callback(of: failed.id)
            XCTAssertEqual(failedCallback?.job.status, .failed)
            let cancelled = try await finishedJob(store, 3, outcome: .cancelled)
            let cancelledCallback = try await store.callback(of: cancelled.id)
            XCTAssertEqual(cancelledCallback?.state, .pending)
            // A queued job cancelled through the API is final too.
            let queued = try await store.enqueue(JobFixtures.newJob(4)).job.id
            _ = try await store.cancel(queued)
            let queuedCallback = try await store.callback(of: queued)
            XCTAssertEqual(queuedCallback?.job.status, .cancelled)
            // No callback_url, no callback.
            let silent = try await finishedJob(store, 5, callbackURL: nil)
            let silentCallback = try await store.callback(of: silent.id)
            XCTAssertNil(silentCallback)
        }
    }

    func callbackClaimsAreLeasedRetriedDeliveredAndAbandoned() async throws {
        try await withStore { store in
            let job = try await finishedJob(store, 1)
            let claimed = try await store.claimCallbacks(worker: "a", lease: 30, limit: 10)
            XCTAssertEqual(claimed.map(\.job.id), [job.id])
            XCTAssertEqual(claimed.first?.attempts, 1)
            XCTAssertEqual(claimed.first?.job.status, .succeeded)
            let leased = try await store.claimCallbacks(worker: "b", lease: 30, limit: 10)
            XCTAssertEqual(leased, [], "a claimed delivery is not handed out again during its lease")

            // Only the claim's holder reschedules it.
            let foreign = try await store.recordCallback(
                job.id, worker: "b", attempt: 1, outcome: .retry(after: 0, error: "HTTP 503"))
            XCTAssertFalse(foreign)
            let retried = try await store.recordCallback(
                job.id, worker: "a", attempt: 1, outcome: .retry(after: 0.3, error: "HTTP 503"))
            XCTAssertTrue(retried)
            let early = try await store.claimCallbacks(worker: "b", lease: 30, limit: 10)
            XCTAssertEqual(early, [], "not before its backoff has passed")
            try await Task.sleep(for: .milliseconds(500))
            let second = try await store.claimCallbacks(worker: "b", lease: 0.2, limit: 10)
            XCTAssertEqual(second.first?.attempts, 2)
            XCTAssertEqual(second.first?.lastError, "HTTP 503")

            // b dies without recording: the delivery is claimed again once its lease has passed.
            try await Task.sleep(for: .milliseconds(400))
            let third = try await store.claimCallbacks(worker: "c", lease: 30, limit: 10)
            XCTAssertEqual(third.first?.attempts, 3)
            let stale = try await store.recordCallback(
                job.id, worker: "b", attempt: 2, outcome: .abandoned(error: "gave up"))
            XCTAssertFalse(stale, "a lost claim cannot give the delivery up")
            // A receiver's acknowledgement counts whoever made the attempt.
            let delivered = try await store.recordCallback(job.id, worker: "b", attempt: 2, outcome: .delivered)
            XCTAssertTrue(delivered)
            let done = try unwrapped(try await store.callback(of: job.id))
            XCTAssertEqual(done.state, .delivered)
            let again = try await store.recordCallback(job.id, worker: "c", attempt: 3, outcome: .delivered)
            XCTAssertFalse(again)

            let other = try await finishedJob(store, 2, outcome: .failed(JobFixtures.permanent))
            let claim = try await store.claimCallbacks(worker: "a", lease: 30, limit: 10)
            XCTAssertEqual(claim.map(\.job.id), [other.id], "a delivered callback is never claimed again")
            let abandoned = try await store.recordCallback(
                other.id, worker: "a", attempt: 1, outcome: .abandoned(error: "HTTP 410"))
            XCTAssertTrue(abandoned)
            let given = try unwrapped(try await store.callback(of: other.id))
            XCTAssertEqual(given.state, .abandoned)
            XCTAssertEqual(given.lastError, "HTTP 410")
            let nothing = try await store.claimCallbacks(worker: "a", lease: 0, limit: 10)
            XCTAssertEqual(nothing, [])
        }
    }

    func concurrentCallbackClaimersNeverShareADelivery() async throws {
        let stores = try await (0..<3).asyncMap { _ in try await open() }
        var ids: Set<JobID> = []
        for number in 0..<9 {
            ids.insert(try await finishedJob(stores[0], number).id)
        }
        let claimed = try await withThrowingTaskGroup(of: [JobID].self) { group in
            for index in 0..<6 {
                let store = stores[index % stores.count]
                group.addTask {
                    try await store.claimCallbacks(worker: "p\(index)", lease: 30, limit: 2).map(\.job.id)
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        XCTAssertEqual(claimed.count, Set(claimed).count, "no delivery is claimed twice")
        XCTAssertEqual(Set(claimed), ids)
        for store in stores { await store.close() }
    }

    // MARK: - Schema

    func reopeningKeepsJobsAndMigratesOnce() async throws {
        let first = try await open()
        let id = try await first.enqueue(JobFixtures.newJob(1, key: "k")).job.id
        await first.close()
        let second = try await open()
        let job = try await second.job(id)
        XCTAssertEqual(job?.spec, JobFixtures.spec(1))
        let again = try await second.enqueue(JobFixtures.newJob(2, key: "k"))
        XCTAssertFalse(again.created)
        await second.close()
    }

    // MARK: - Helpers

    static func decodeJob(_ data: String) throws -> Job {
        try JobCoding.decoder.decode(Job.self, from: Data(data.utf8))
    }
}

extension Range where Bound == Int {
    /// Maps the range with an async transform, in order.
    func asyncMap<Value>(_ transform: (Int) async throws -> Value) async rethrows -> [Value] {
        var values: [Value] = []
        for index in self { values.append(try await transform(index)) }
        return values
    }
}
