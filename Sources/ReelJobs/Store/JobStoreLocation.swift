public import Foundation

/// Where the job store lives, as `--store` or `REEL_STORE` names it:
///
/// - `sqlite:PATH` (also `sqlite:///ABSOLUTE/PATH`, or a bare path ending in `.db`, `.sqlite` or
///   `.sqlite3`): the embedded store in one file;
/// - `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable]` (also `postgresql://`):
///   a PostgreSQL database. The password may instead come from `PGPASSWORD` and the user from
///   `PGUSER`. Other parameters: `application_name`, `connect_timeout` (seconds) and
///   `options=-c search_path=SCHEMA` for a schema other than the server's default.
public enum JobStoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// The SQLite store in this file.
    case sqlite(path: String)
    /// The PostgreSQL store at this server.
    case postgres(PostgresJobStoreConfiguration)

    /// Parses a store location.
    /// - Parameters:
    ///   - text: `sqlite:PATH`, a path ending in `.db`/`.sqlite`, or a `postgres://` URL.
    ///   - environment: Where `PGPASSWORD` and `PGUSER` are looked up.
    /// - Throws: `JobStoreError.invalid` naming the part that is wrong.
    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(JobStoreError)
    {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lowercased = trimmed.lowercased()
        if lowercased.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw .invalid("'\(text)' names no file: use sqlite:PATH") }
            self = .sqlite(path: path)
        } else if lowercased.hasPrefix("postgres://") || lowercased.hasPrefix("postgresql://") {
            self = .postgres(try Self.parsePostgres(trimmed, environment: environment))
        } else if [".db", ".sqlite", ".sqlite3"].contains(where: { lowercased.hasSuffix($0) }) {
            self = .sqlite(path: trimmed)
        } else {
            throw .invalid(
                "unknown job store '\(text)': use sqlite:PATH, a file ending in .db or .sqlite, "
                    + "or postgres://USER@HOST[:PORT]/DATABASE")
        }
    }

    /// Opens the store.
    /// - Parameters:
    ///   - takeOwnership: For SQLite, lock the file for this process and make the jobs an
    ///     earlier owner left `running` claimable at once (what `reel serve` does). PostgreSQL is
    ///     shared by many processes and relies on leases alone, so it ignores this.
    ///   - deadline: Seconds every store call has to answer before it fails as unavailable (and
    ///     a change it began is rolled back), so the API can answer 503 at once.
    /// - Returns: The open store.
    public func open(takeOwnership: Bool, deadline: Double = 3) async throws(JobStoreError) -> any JobStore {
        switch self {
        case .sqlite(let path):
            return try await SQLiteJobStore.open(path: path, takeOwnership: takeOwnership, deadline: deadline)
        case .postgres(var configuration):
            configuration.operationTimeout = max(0.1, deadline)
            return try await PostgresJobStore.open(configuration)
        }
    }

    /// The location, with any password hidden.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let configuration): configuration.redactedURL
        }
    }

    // MARK: - PostgreSQL URLs

    private static func parsePostgres(_ url: String, environment: [String: String]) throws(JobStoreError)
        -> PostgresJobStoreConfiguration
    {
        let afterScheme = url[url.range(of: "://")!.upperBound...]
        let (beforeQuery, query) = split(afterScheme, at: "?")
        let (authority, path) = split(beforeQuery, at: "/")
        var userInfo: String?
        var hostAndPort = authority
        if let at = authority.lastIndex(of: "@") {
            userInfo = String(authority[..<at])
            hostAndPort = String(authority[authority.index(after: at)...])
        }

        var username: String?
        var password: String?
        if let userInfo {
            let (user, secret) = split(userInfo, at: ":")
            username = try decode(user, part: "user")
            password = try secret.map { (secret) throws(JobStoreError) in try decode(secret, part: "password") }
        }
        if username?.isEmpty ?? true { username = environment["PGUSER"] }
        guard let username, !username.isEmpty else {
            throw .invalid("the PostgreSQL URL names no user: use postgres://USER@HOST/DATABASE (or set PGUSER)")
        }
        if password == nil { password = environment["PGPASSWORD"] }

        let (host, port) = try parseHost(hostAndPort)
        guard let path, !path.isEmpty else {
            throw .invalid("the PostgreSQL URL names no database: use postgres://USER@HOST/DATABASE")
        }
        let database = try decode(path, part: "database")
        guard !database.contains("/") else {
            throw .invalid("'\(path)' is not a database name in the PostgreSQL URL")
        }
        var configuration = PostgresJobStoreConfiguration(
            host: host, port: port, username: username, password: password, database: database)
        try applyParameters(query ?? "", to: &configuration)
        return configuration
    }

    private static func parseHost(_ text: String) throws(JobStoreError) -> (host: String, port: Int) {
        var host = text
        var portText: String?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw .invalid("'\(text)' is not a host in the PostgreSQL URL (unclosed '[')")
            }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.hasPrefix(":") {
                portText = String(rest.dropFirst())
            } else if !rest.isEmpty {
                throw .invalid("'\(text)' is not a host in the PostgreSQL URL")
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = String(text[text.index(after: colon)...])
        }
        guard !host.isEmpty else {
            throw .invalid("the PostgreSQL URL names no host: use postgres://USER@HOST[:PORT]/DATABASE")
        }
        guard let portText else { return (host, 5432) }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw .invalid("'\(portText)' is not a port in the PostgreSQL URL (1-65535)")
        }
        return (host, port)
    }

    private static func applyParameters(_ query: String, to configuration: inout PostgresJobStoreConfiguration)
        throws(JobStoreError)
    {
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let (rawName, rawValue) = split(String(pair), at: "=")
            let name = try decode(rawName, part: "parameter name")
            let value = try decode(rawValue ?? "", part: "parameter \(name)")
            switch name {
            case "sslmode":
                guard let mode = PostgresSSLMode(rawValue: value) else {
                    let modes = PostgresSSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw .invalid("sslmode '\(value)' in the PostgreSQL URL is not one of \(modes)")
                }
                configuration.sslMode = mode
            case "application_name":
                configuration.applicationName = value
            case "connect_timeout":
                guard let seconds = Double(value), seconds > 0 else {
                    throw .invalid("connect_timeout '\(value)' in the PostgreSQL URL is not a number of seconds")
                }
                configuration.connectTimeout = seconds
            case "options":
                configuration.schema = try searchPath(fromOptions: value)
            default:
                throw .invalid(
                    "unknown parameter '\(name)' in the PostgreSQL URL "
                        + "(known: sslmode, application_name, connect_timeout, options)")
            }
        }
    }

    /// The schema of `options=-c search_path=NAME`, the only server option the store takes.
    private static func searchPath(fromOptions options: String) throws(JobStoreError) -> String {
        var text = options.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("-c") { text = text.dropFirst(2).trimmingCharacters(in: .whitespaces) }
        guard text.hasPrefix("search_path="), !text.dropFirst("search_path=".count).isEmpty,
            !text.contains(" "), !text.contains(",")
        else {
            throw .invalid("options '\(options)' in the PostgreSQL URL: only '-c search_path=SCHEMA' is supported")
        }
        return String(text.dropFirst("search_path=".count))
    }

    private static func split<Text: StringProtocol>(_ text: Text, at separator: Character) -> (String, String?) {
        guard let index = text.firstIndex(of: separator) else { return (String(text), nil) }
        return (String(text[..<index]), String(text[text.index(after: index)...]))
    }

    private static func decode(_ text: String, part: String) throws(JobStoreError) -> String {
        guard let decoded = text.removingPercentEncoding else {
            throw .invalid("the \(part) in the PostgreSQL URL has a bad percent-escape")
        }
        return decoded
    }
}
