import PostgresNIO

/// Turns PostgresNIO's errors into one line naming the problem (PostgresNIO's own `description`
/// hides everything, to keep queries out of logs; the server's message and SQLSTATE are safe).
enum PostgresErrorText {
    /// A description of an error for `JobStoreError`.
    /// - Parameter error: The error a query or connection attempt threw.
    /// - Returns: The server's message and SQLSTATE, or the connection problem.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let info = error.serverInfo, let message = info[.message] {
                var text = message
                if let detail = info[.detail] { text += " (\(detail))" }
                if let state = info[.sqlState] { text += " [SQLSTATE \(state)]" }
                return text
            }
            if let underlying = error.underlying {
                return "\(error.code): \(describe(underlying))"
            }
            return "\(error.code)"
        }
        if let error = error as? PostgresDecodingError {
            return "cannot decode column \(error.columnName) (\(error.postgresType)) as \(error.targetType)"
        }
        return String(describing: error)
    }

    /// The SQLSTATE of a server error, if it is one.
    static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
