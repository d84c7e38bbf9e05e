/// A job store failure.
public enum JobStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database could not be reached or answered with an error; trying again may succeed.
    case unavailable(String)
    /// The database URL or its contents are not usable.
    case invalid(String)

    public var description: String {
        switch self {
        case .unavailable(let message): "job store unavailable: \(message)"
        case .invalid(let message): "job store: \(message)"
        }
    }
}
