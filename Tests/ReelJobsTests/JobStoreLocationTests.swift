import Foundation
import XCTest

@testable import ReelJobs

final class JobStoreLocationTests: XCTestCase {
    private func parse(_ text: String, environment: [String: String] = [:]) throws -> JobStoreLocation {
        try JobStoreLocation(parsing: text, environment: environment)
    }

    private func postgres(_ text: String, environment: [String: String] = [:]) throws
        -> PostgresJobStoreConfiguration
    {
        guard case .postgres(let configuration) = try parse(text, environment: environment) else {
            throw XCTSkip("not parsed as PostgreSQL: \(text)")
        }
        return configuration
    }

    private func assertInvalid(
        _ text: String, mentions part: String, environment: [String: String] = [:], line: UInt = #line
    ) {
        XCTAssertThrowsError(try parse(text, environment: environment), line: line) { error in
            guard case .invalid(let message) = error as? JobStoreError else {
                return XCTFail("\(error)", line: line)
            }
            XCTAssertTrue(message.contains(part), "'\(message)' does not mention '\(part)'", line: line)
        }
    }

    func testSQLiteLocations() throws {
        XCTAssertEqual(try parse("sqlite:jobs.db"), .sqlite(path: "jobs.db"))
        XCTAssertEqual(try parse("sqlite:/var/lib/reel/jobs"), .sqlite(path: "/var/lib/reel/jobs"))
        XCTAssertEqual(try parse("sqlite:///var/lib/reel/jobs.db"), .sqlite(path: "/var/lib/reel/jobs.db"))
        XCTAssertEqual(try parse("SQLite:state/x"), .sqlite(path: "state/x"))
        XCTAssertEqual(try parse("/srv/reel.db"), .sqlite(path: "/srv/reel.db"))
        XCTAssertEqual(try parse("reel.sqlite"), .sqlite(path: "reel.sqlite"))
        XCTAssertEqual(try parse("data/reel.sqlite3"), .sqlite(path: "data/reel.sqlite3"))
        XCTAssertEqual(try parse("sqlite:jobs.db").description, "sqlite:jobs.db")
        assertInvalid("sqlite:", mentions: "names no file")
        assertInvalid("jobs.txt", mentions: "unknown job store 'jobs.txt'")
        assertInvalid("mysql://u@h/db", mentions: "postgres://USER@HOST")
    }

    func testPostgresURL() throws {
        let full = try postgres("postgres://reel:s%40cret@db.internal:6543/reel_jobs?sslmode=disable")
        XCTAssertEqual(full.host, "db.internal")
        XCTAssertEqual(full.port, 6543)
        XCTAssertEqual(full.username, "reel")
        XCTAssertEqual(full.password, "s@cret")
        XCTAssertEqual(full.database, "reel_jobs")
        XCTAssertEqual(full.sslMode, .disable)
        XCTAssertNil(full.schema)
        XCTAssertEqual(full.redactedURL, "postgres://reel:***@db.internal:6543/reel_jobs?sslmode=disable")
        XCTAssertFalse(JobStoreLocation.postgres(full).description.contains("cret"))

        let short = try postgres("postgresql://reel@localhost/jobs")
        XCTAssertEqual(short.port, 5432)
        XCTAssertNil(short.password)
        XCTAssertEqual(short.sslMode, .prefer)

        let v6 = try postgres("postgres://reel@[::1]:5433/jobs")
        XCTAssertEqual(v6.host, "::1")
        XCTAssertEqual(v6.port, 5433)
        XCTAssertEqual(v6.redactedURL, "postgres://reel@[::1]:5433/jobs?sslmode=prefer")

        let options = try postgres(
            "postgres://reel@h/jobs?sslmode=verify-full&application_name=reel-worker-3&connect_timeout=2.5"
                + "&options=-c%20search_path%3Dreel")
        XCTAssertEqual(options.sslMode, .verifyFull)
        XCTAssertEqual(options.applicationName, "reel-worker-3")
        XCTAssertEqual(options.connectTimeout, 2.5)
        XCTAssertEqual(options.schema, "reel")
    }

    func testPostgresCredentialsFromTheEnvironment() throws {
        let environment = ["PGPASSWORD": "from-env", "PGUSER": "env-user"]
        let withPassword = try postgres("postgres://reel:in-url@h/jobs", environment: environment)
        XCTAssertEqual(withPassword.password, "in-url", "the URL wins")
        let fromEnvironment = try postgres("postgres://h:5432/jobs", environment: environment)
        XCTAssertEqual(fromEnvironment.username, "env-user")
        XCTAssertEqual(fromEnvironment.password, "from-env")
    }

    func testBadPostgresURLsNameTheBadPart() {
        assertInvalid("postgres://h/jobs", mentions: "names no user")
        assertInvalid("postgres://reel@/jobs", mentions: "names no host")
        assertInvalid("postgres://reel@h:54x2/jobs", mentions: "'54x2' is not a port")
        assertInvalid("postgres://reel@h:70000/jobs", mentions: "'70000' is not a port")
        assertInvalid("postgres://reel@h:5432", mentions: "names no database")
        assertInvalid("postgres://reel@h:5432/", mentions: "names no database")
        assertInvalid("postgres://reel@h/a/b", mentions: "'a/b' is not a database name")
        assertInvalid("postgres://reel@h/jobs?sslmode=maybe", mentions: "sslmode 'maybe'")
        assertInvalid("postgres://reel@h/jobs?pool=3", mentions: "unknown parameter 'pool'")
        assertInvalid("postgres://reel@h/jobs?connect_timeout=soon", mentions: "connect_timeout 'soon'")
        assertInvalid("postgres://reel@h/jobs?options=-c%20work_mem%3D1MB", mentions: "search_path")
        assertInvalid("postgres://re%zzel@h/jobs", mentions: "user")
        assertInvalid("postgres://reel@[::1/jobs", mentions: "unclosed")
    }

    func testOpenSQLiteThroughTheLocation() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reel-loc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let location = try parse("sqlite:" + directory.appendingPathComponent("jobs.db").path)
        let store = try await location.open(takeOwnership: true)
        XCTAssertTrue(store is SQLiteJobStore)
        let created = try await store.enqueue(JobFixtures.newJob())
        XCTAssertTrue(created.created)
        await store.close()
    }

    func testOpenPostgresThroughTheLocation() async throws {
        guard let url = ProcessInfo.processInfo.environment["REEL_TEST_POSTGRES_URL"] else {
            throw XCTSkip("no PostgreSQL server (REEL_TEST_POSTGRES_URL is unset; scripts/test starts one)")
        }
        let schema = "reel_test_" + UUID().uuidString.lowercased().prefix(12)
        let separator = url.contains("?") ? "&" : "?"
        let location = try parse(url + separator + "options=-c%20search_path%3D" + schema)
        let store = try await location.open(takeOwnership: true)
        XCTAssertTrue(store is PostgresJobStore)
        let created = try await store.enqueue(JobFixtures.newJob())
        XCTAssertTrue(created.created)
        await store.close()
        guard case .postgres(var configuration) = location else { return XCTFail("\(location)") }
        configuration.schema = schema
        try await PostgresTestDatabase(configuration: configuration).drop()
    }
}
