import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// The shared job store: PostgreSQL, for many workers on many machines.
///
/// Claims lock the chosen row with `FOR UPDATE SKIP LOCKED` inside the claiming `UPDATE`, so
/// concurrent claimers never wait on each other or take the same job. Leases are measured with
/// the database's clock (`now()`): every worker, whatever its own clock says, agrees on when a
/// lease expires. A retry's `after` time is turned into a delay from the worker's clock and added
/// to the database's. The schema is created and migrated on open, under an advisory lock, so
/// processes starting together do not race.
final class PostgresJobStore: JobStore {
    /// Where the store connects.
    let configuration: PostgresJobStoreConfiguration
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>

    private init(configuration: PostgresJobStoreConfiguration, client: PostgresClient, logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
    }

    /// Connects, creates or migrates the schema, and starts the connection pool.
    /// - Parameters:
    ///   - configuration: Where to connect.
    ///   - logger: Where the connection pool logs.
    /// - Returns: The open store.
    static func open(
        _ configuration: PostgresJobStoreConfiguration, logger: Logger = Logger(label: "reel.jobs.postgres")
    ) async throws(JobStoreError) -> PostgresJobStore {
        let tls = try clientTLS(configuration)
        try await migrate(configuration, logger: logger)
        var clientConfiguration = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: tls)
        clientConfiguration.options.connectTimeout = .milliseconds(Int64(configuration.connectTimeout * 1000))
        clientConfiguration.options.additionalStartupParameters = startupParameters(configuration)
        clientConfiguration.options.maximumConnections = max(1, configuration.maximumConnections)
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        return PostgresJobStore(configuration: configuration, client: client, logger: logger)
    }

    /// Closes the connection pool; queries after this fail.
    func close() async {
        runner.cancel()
        await runner.value
    }

    deinit {
        // A store dropped without `close()` still shuts its pool down.
        runner.cancel()
    }

    // MARK: - Schema

    /// Applies the migrations the database lacks over one connection, inside a transaction that
    /// holds an advisory lock for the schema: a second process waits, then finds them applied.
    /// A configured schema is created when missing.
    private static func migrate(_ configuration: PostgresJobStoreConfiguration, logger: Logger)
        async throws(JobStoreError)
    {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try connectionConfiguration(configuration), id: 0, logger: logger)
        } catch let error as JobStoreError {
            throw error
        } catch {
            throw .unavailable(
                "cannot connect to \(configuration.redactedURL): \(PostgresErrorText.describe(error))")
        }
        do {
            try await transaction(on: connection, logger: logger) { connection in
                // One lock per schema: processes migrating other schemas of the database go on.
                let lockKey = configuration.schema ?? ""
                _ = try await connection.query(
                    "SELECT pg_advisory_xact_lock(hashtext('reel_schema_migrations'), hashtext(\(lockKey)))",
                    logger: logger
                ).collect()
                // Created only when missing: a role without CREATE on the database can use a
                // schema prepared for it.
                if let schema = configuration.schema,
                    try await connection.query(
                        "SELECT 1 FROM pg_namespace WHERE nspname = \(schema)", logger: logger
                    ).collect().isEmpty
                {
                    _ = try await connection.query(
                        PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(quoted(schema))"), logger: logger
                    ).collect()
                }
                _ = try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS reel_schema_migrations (
                        version integer PRIMARY KEY,
                        description text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """, logger: logger
                ).collect()
                let rows = try await connection.query(
                    "SELECT coalesce(max(version), 0) AS version FROM reel_schema_migrations", logger: logger
                ).collect()
                let current = try rows.first?.makeRandomAccess()["version"].decode(Int.self) ?? 0
                let latest = PostgresSchema.migrations.last?.version ?? 0
                guard current <= latest else {
                    throw JobStoreError.invalid(
                        "the database has job store schema version \(current), newer than this reel's \(latest); "
                            + "upgrade reel")
                }
                for migration in PostgresSchema.migrations where migration.version > current {
                    for statement in migration.statements {
                        _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect()
                    }
                    _ = try await connection.query(
                        """
                        INSERT INTO reel_schema_migrations (version, description)
                        VALUES (\(migration.version), \(migration.description))
                        """, logger: logger
                    ).collect()
                    logger.info(
                        "migrated the job store schema",
                        metadata: ["version": "\(migration.version)", "database": "\(configuration.redactedURL)"])
                }
            }
            try? await connection.close()
        } catch let error as JobStoreError {
            try? await connection.close()
            throw error
        } catch {
            try? await connection.close()
            throw .unavailable(
                "cannot migrate the job store schema in \(configuration.redactedURL): "
                    + PostgresErrorText.describe(error))
        }
    }

    // MARK: - Plumbing

    /// Runs `body` within the store's deadline (`operationTimeout`) and maps its errors to
    /// `JobStoreError`: a server that is down or a connection pool that is exhausted answers
    /// "unavailable" in seconds rather than after the pool's own retries.
    func perform<Value: Sendable>(_ body: @escaping @Sendable (StoreDeadline) async throws -> Value)
        async throws(JobStoreError) -> Value
    {
        let url = configuration.redactedURL
        return try await StoreDeadline.run(seconds: configuration.operationTimeout, what: url) { deadline in
            do {
                return try await body(deadline)
            } catch let error as JobStoreError {
                throw error
            } catch {
                throw JobStoreError.unavailable("\(url): \(PostgresErrorText.describe(error))")
            }
        }
    }

    /// Runs a query on a pooled connection and collects its rows.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: logger).collect()
    }

    /// Runs a query and decodes its rows as jobs.
    func jobs(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> [Job] {
        let rows =
            if let connection {
                try await connection.query(query, logger: logger).collect()
            } else {
                try await self.rows(query)
            }
        var jobs: [Job] = []
        for row in rows {
            jobs.append(try JobRow(postgres: row).job())
        }
        return jobs
    }

    /// Runs `body` in a transaction on one pooled connection: committed when it returns (unless
    /// the deadline passed first), rolled back when it throws.
    func transaction<Value: Sendable>(
        _ deadline: StoreDeadline, _ body: @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        let logger = logger
        return try await client.withConnection { connection in
            try await Self.transaction(on: connection, logger: logger, deadline: deadline, body)
        }
    }

    private static func transaction<Value: Sendable>(
        on connection: PostgresConnection, logger: Logger, deadline: StoreDeadline? = nil,
        _ body: (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        _ = try await connection.query("BEGIN", logger: logger).collect()
        do {
            let value = try await body(connection)
            try deadline?.beginCommit()
            _ = try await connection.query("COMMIT", logger: logger).collect()
            return value
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger).collect()
            throw error
        }
    }

    /// Appends an event on `connection` (inside the caller's transaction).
    func insertEvent(_ id: JobID, name: String, data: String, on connection: PostgresConnection) async throws
        -> JobEvent
    {
        let rows = try await connection.query(
            """
            INSERT INTO reel_job_events (job_id, name, data, time)
            SELECT \(id.rawValue), \(name), \(data), now()
            WHERE EXISTS (SELECT 1 FROM reel_jobs WHERE id = \(id.rawValue))
            RETURNING sequence, time
            """, logger: logger
        ).collect()
        guard let row = rows.first?.makeRandomAccess() else { throw JobStoreError.invalid("no job \(id)") }
        return JobEvent(
            sequence: try row["sequence"].decode(Int64.self), jobID: id, name: name, data: data,
            time: try row["time"].decode(Date.self))
    }

    // MARK: - Connection settings

    /// An identifier quoted for SQL.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func startupParameters(_ configuration: PostgresJobStoreConfiguration) -> [(String, String)] {
        var parameters = [("application_name", configuration.applicationName)]
        if let schema = configuration.schema {
            parameters.append(("search_path", quoted(schema)))
        }
        return parameters
    }

    private static func clientTLS(_ configuration: PostgresJobStoreConfiguration) throws(JobStoreError)
        -> PostgresClient.Configuration.TLS
    {
        guard let tls = configuration.sslMode.tlsConfiguration else { return .disable }
        return configuration.sslMode.requiresTLS ? .require(tls) : .prefer(tls)
    }

    private static func connectionConfiguration(_ configuration: PostgresJobStoreConfiguration)
        throws(JobStoreError) -> PostgresConnection.Configuration
    {
        var tls = PostgresConnection.Configuration.TLS.disable
        if let settings = configuration.sslMode.tlsConfiguration {
            let context: NIOSSLContext
            do {
                context = try NIOSSLContext(configuration: settings)
            } catch {
                throw .invalid("cannot set up TLS for \(configuration.redactedURL): \(error)")
            }
            tls = configuration.sslMode.requiresTLS ? .require(context) : .prefer(context)
        }
        var result = PostgresConnection.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: tls)
        result.options.connectTimeout = .milliseconds(Int64(configuration.connectTimeout * 1000))
        result.options.additionalStartupParameters = startupParameters(configuration)
        return result
    }
}
