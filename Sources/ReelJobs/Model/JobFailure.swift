import ReelCore

/// Why a job failed (or why its last attempt did): the error kind and a message naming the problem.
public struct JobFailure: Sendable, Equatable, Codable, Error {
    /// `unsupported`, `invalid_input`, `permanent`, `transient` or `cancelled`.
    var kind: String
    /// One line naming the file, stream or field.
    var message: String

    /// Creates a failure.
    /// - Parameters:
    ///   - kind: The error kind.
    ///   - message: The message.
    init(kind: String, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The failure of a packaging error.
    /// - Parameter error: The packaging error.
    init(_ error: ReelError) {
        self.init(kind: error.kind, message: error.description)
    }

    /// Whether another attempt may succeed.
    var isRetryable: Bool { kind == "transient" }
}
