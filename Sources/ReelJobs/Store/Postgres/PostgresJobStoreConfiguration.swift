/// Where the PostgreSQL job store connects, as a `postgres://` URL says it.
public struct PostgresJobStoreConfiguration: Sendable, Equatable {
    var host: String
    var port: Int
    var username: String
    /// The password, from the URL or `PGPASSWORD`; nil for trust or peer authentication.
    var password: String?
    var database: String
    var sslMode: PostgresSSLMode
    /// The schema the tables live in (the connection's `search_path`); the server's default when nil.
    var schema: String?
    /// Shown in `pg_stat_activity`.
    var applicationName: String
    /// Seconds to wait for a connection.
    var connectTimeout: Double
    /// Connections the store opens at most.
    var maximumConnections: Int
    /// Seconds every store call has to answer before it fails as unavailable (and rolls back).
    var operationTimeout: Double

    /// Creates a configuration.
    /// - Parameters:
    ///   - host: The server's host name or address.
    ///   - port: The server's port.
    ///   - username: The role to log in as.
    ///   - password: The role's password, if the server asks for one.
    ///   - database: The database.
    ///   - sslMode: How to use TLS.
    ///   - schema: The schema of the tables, or nil for the server's `search_path`.
    ///   - applicationName: The name shown in `pg_stat_activity`.
    ///   - connectTimeout: Seconds to wait for a connection.
    ///   - maximumConnections: Connections the store opens at most.
    ///   - operationTimeout: Seconds every store call has to answer.
    init(
        host: String, port: Int = 5432, username: String, password: String? = nil, database: String,
        sslMode: PostgresSSLMode = .prefer, schema: String? = nil, applicationName: String = "reel",
        connectTimeout: Double = 10, maximumConnections: Int = 10, operationTimeout: Double = 3
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.sslMode = sslMode
        self.schema = schema
        self.applicationName = applicationName
        self.connectTimeout = connectTimeout
        self.maximumConnections = maximumConnections
        self.operationTimeout = max(0.1, operationTimeout)
    }

    /// The URL without the password, for logs and errors.
    var redactedURL: String {
        let password = password == nil ? "" : ":***"
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "postgres://\(username)\(password)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }
}
