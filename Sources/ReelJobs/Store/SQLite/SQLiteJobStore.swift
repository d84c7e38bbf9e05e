import Foundation
import SQLiteNIO

/// The embedded job store: one SQLite file, for `reel serve` and its workers on one machine.
///
/// The file is in WAL mode with `synchronous=NORMAL`: a committed change survives the process
/// being killed (SIGKILL included); a power loss may lose the last commits but never corrupts the
/// file. Every change is one statement, or one `BEGIN IMMEDIATE` transaction when a status change
/// also appends its event, so several processes may open the same file (`busy_timeout` makes
/// them wait for each other). Within a process, the store's one connection runs one operation at
/// a time. Times are the process's clock, as REAL unix seconds.
///
/// Every call answers within `deadline` seconds: a database locked by another connection waits
/// (`busy_timeout`) that long at most, calls queued behind it give up when their own deadline has
/// passed, and an enqueue whose deadline passed before its commit is rolled back.
///
/// One process owns the store (`takeOwnership`): it holds an exclusive `flock` on `PATH.lock`
/// and, on opening, makes every `running` job and every claimed callback claimable at once — a
/// job still `running` (a callback still claimed) then was left by an owner that died.
final class SQLiteJobStore: JobStore {
    /// The database file.
    let path: String
    let connection: SQLiteConnection
    /// The connection's own thread: a statement waiting for another process's write lock
    /// (`busy_timeout`) blocks this thread only, never a shared pool that the lock holder needs.
    private let thread: NIOThreadPool
    private let mutex = AsyncMutex()
    private let ownership: SQLiteOwnershipLock?
    /// Seconds every call has to answer.
    let deadline: Double

    private init(
        path: String, connection: SQLiteConnection, thread: NIOThreadPool, ownership: SQLiteOwnershipLock?,
        deadline: Double
    ) {
        self.path = path
        self.connection = connection
        self.thread = thread
        self.ownership = ownership
        self.deadline = deadline
    }

    /// Opens (creating when missing) the store at `path` and brings its schema up to date.
    /// - Parameters:
    ///   - path: The database file; its directory must exist.
    ///   - takeOwnership: Lock the store for this process and make the jobs left `running` by an
    ///     earlier owner claimable again. Fails when another process owns it.
    ///   - deadline: Seconds every call has to answer (opening and migrating may take longer).
    /// - Returns: The open store.
    static func open(path: String, takeOwnership: Bool, deadline: Double = 3) async throws(JobStoreError)
        -> SQLiteJobStore
    {
        let ownership = takeOwnership ? try SQLiteOwnershipLock.acquire(storePath: path) : nil
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: thread, on: MultiThreadedEventLoopGroup.singleton.any())
        } catch {
            try? await thread.shutdownGracefully()
            ownership?.release()
            throw .unavailable("cannot open the SQLite job store \(path): \(error)")
        }
        let store = SQLiteJobStore(
            path: path, connection: connection, thread: thread, ownership: ownership, deadline: max(0.1, deadline))
        do throws(JobStoreError) {
            try await store.prepare(expireLeases: takeOwnership)
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// Releases the connection, its thread and, for the owner, the lock.
    func close() async {
        let closedNow = await mutex.withLock { () async -> Bool in
            guard !connection.isClosed else { return false }
            try? await connection.close()
            return true
        }
        if closedNow {
            try? await thread.shutdownGracefully()
        }
        ownership?.release()
    }

    /// Sets the connection up, migrates the schema and, for the owner, expires the leases.
    private func prepare(expireLeases: Bool) async throws(JobStoreError) {
        try await serialized(seconds: 600) { _ async throws -> Void in
            let mode = try await self.connection.query("PRAGMA journal_mode = WAL").first?.column("journal_mode")
            guard mode?.string?.lowercased() == "wal" else {
                throw JobStoreError.unavailable(
                    "\(self.path): the file system does not support SQLite's WAL mode "
                        + "(journal_mode is \(mode?.string ?? "unknown"))")
            }
            for pragma in ["synchronous = NORMAL", "busy_timeout = 10000", "foreign_keys = ON"] {
                _ = try await self.connection.query("PRAGMA \(pragma)")
            }
            try await self.migrate()
            if expireLeases {
                let now = Date().timeIntervalSince1970
                _ = try await self.connection.query(
                    """
                    UPDATE reel_jobs SET lease_expires_at = min(coalesce(lease_expires_at, ?1), ?1)
                    WHERE status = 'running'
                    """,
                    [.float(now)])
                // Callbacks claimed and not recorded were being sent by the owner that died.
                _ = try await self.connection.query(
                    """
                    UPDATE reel_callbacks SET next_attempt_at = min(next_attempt_at, ?1), worker = NULL
                    WHERE status = 'pending' AND worker IS NOT NULL
                    """,
                    [.float(now)])
            }
            // From now on a lock held by another connection is waited for only as long as a call may take.
            _ = try await self.connection.query("PRAGMA busy_timeout = \(Int(self.deadline * 1000))")
        }
    }

    /// Applies the migrations this file lacks, in one transaction.
    private func migrate() async throws {
        try await transaction(nil) { () async throws -> Void in
            _ = try await self.connection.query(
                """
                CREATE TABLE IF NOT EXISTS reel_schema_migrations (
                    version INTEGER PRIMARY KEY,
                    description TEXT NOT NULL,
                    applied_at REAL NOT NULL
                )
                """)
            let current =
                try await self.connection.query(
                    "SELECT coalesce(max(version), 0) AS version FROM reel_schema_migrations"
                ).first?.column("version")?.integer ?? 0
            let latest = SQLiteSchema.migrations.last?.version ?? 0
            guard current <= latest else {
                throw JobStoreError.invalid(
                    "\(self.path) has schema version \(current), newer than this reel's \(latest); upgrade reel")
            }
            for migration in SQLiteSchema.migrations where migration.version > current {
                for statement in migration.statements {
                    _ = try await self.connection.query(statement)
                }
                _ = try await self.connection.query(
                    "INSERT INTO reel_schema_migrations (version, description, applied_at) VALUES (?1, ?2, ?3)",
                    [
                        .integer(SQLiteInt64(migration.version)), .text(migration.description),
                        .float(Date().timeIntervalSince1970),
                    ])
            }
        }
    }

    deinit {
        // A store dropped without `close()`: close the connection in the background (the close
        // keeps the connection alive until it is done).
        if !connection.isClosed {
            let thread = thread
            connection.close().whenComplete { _ in thread.shutdownGracefully { _ in } }
        }
    }

    // MARK: - Plumbing

    /// Runs `body` alone on the connection, within the store's deadline (or `seconds`), and maps
    /// its errors to `JobStoreError`. A call still queued when its deadline passes never runs.
    func serialized<Value: Sendable>(
        seconds: Double? = nil, _ body: @escaping @Sendable (StoreDeadline) async throws -> Value
    ) async throws(JobStoreError) -> Value {
        try await StoreDeadline.run(seconds: seconds ?? deadline, what: path) { deadline in
            try await self.mutex.withLock { () async throws -> Value in
                try deadline.check()
                guard !self.connection.isClosed else {
                    throw JobStoreError.unavailable("the job store \(self.path) is closed")
                }
                return try await body(deadline)
            }
        }
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction: committed when it returns (unless the
    /// deadline passed first), rolled back when it throws. Call it inside `serialized`.
    func transaction<Value: Sendable>(_ deadline: StoreDeadline?, _ body: () async throws -> Value) async throws
        -> Value
    {
        _ = try await connection.query("BEGIN IMMEDIATE")
        do {
            let value = try await body()
            try deadline?.beginCommit()
            _ = try await connection.query("COMMIT")
            return value
        } catch {
            _ = try? await connection.query("ROLLBACK")
            throw error
        }
    }

    /// Runs a statement and decodes its rows as jobs.
    func jobs(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [Job] {
        var jobs: [Job] = []
        for row in try await connection.query(sql, binds) {
            jobs.append(try JobRow(sqlite: row).job())
        }
        return jobs
    }

    /// Appends an event inside the current transaction.
    func insertEvent(_ id: JobID, name: String, data: String, at time: Double) async throws -> JobEvent {
        let rows = try await connection.query(
            """
            INSERT INTO reel_job_events (job_id, name, data, time)
            SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM reel_jobs WHERE id = ?1)
            RETURNING sequence
            """,
            [.text(id.rawValue), .text(name), .text(data), .float(time)])
        guard let sequence = rows.first?.column("sequence")?.integer else {
            throw JobStoreError.invalid("no job \(id)")
        }
        return JobEvent(
            sequence: Int64(sequence), jobID: id, name: name, data: data, time: Date(timeIntervalSince1970: time))
    }
}
