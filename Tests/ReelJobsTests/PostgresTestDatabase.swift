import Foundation
import PostgresNIO
import XCTest

@testable import ReelJobs

/// The PostgreSQL server `scripts/test` starts (`REEL_TEST_POSTGRES_URL`), with one fresh schema
/// per test so tests never see each other's jobs.
struct PostgresTestDatabase: Sendable {
    /// The configuration of the test's schema (created by the store's first open).
    let configuration: PostgresJobStoreConfiguration

    /// A fresh schema's configuration, or an `XCTSkip` when no server is configured.
    static func require() throws -> PostgresTestDatabase {
        guard let url = ProcessInfo.processInfo.environment["REEL_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw XCTSkip("no PostgreSQL server (REEL_TEST_POSTGRES_URL is unset; scripts/test starts one)")
        }
        guard case .postgres(var configuration) = try JobStoreLocation(parsing: url) else {
            throw XCTSkip("REEL_TEST_POSTGRES_URL is not a postgres:// URL: \(url)")
        }
        configuration.schema = "reel_test_" + UUID().uuidString.lowercased().prefix(12)
        configuration.maximumConnections = 4
        return PostgresTestDatabase(configuration: configuration)
    }

    /// Opens a store on the test's schema.
    func open() async throws -> PostgresJobStore {
        try await PostgresJobStore.open(configuration, logger: Self.logger)
    }

    /// Runs SQL in the test's schema, outside the store.
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await withConnection { connection in
            try await connection.query(query, logger: Self.logger).collect()
        }
    }

    /// Drops the test's schema and everything in it.
    func drop() async throws {
        guard let schema = configuration.schema else { return }
        _ = try await query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE"))
    }

    /// Logs warnings only (PostgresNIO reports every failed connection attempt at info).
    static let logger: Logger = {
        var logger = Logger(label: "reel.test.postgres")
        logger.logLevel = .warning
        return logger
    }()

    private func withConnection<Value: Sendable>(_ body: (PostgresConnection) async throws -> Value) async throws
        -> Value
    {
        var settings = PostgresConnection.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: .disable)
        if let schema = configuration.schema {
            settings.options.additionalStartupParameters = [("search_path", "\"\(schema)\"")]
        }
        let connection = try await PostgresConnection.connect(configuration: settings, id: 1, logger: Self.logger)
        do {
            let value = try await body(connection)
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
