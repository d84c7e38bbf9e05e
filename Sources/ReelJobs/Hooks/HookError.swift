/// Why a hook body was refused (HTTP 400 with this reason).
public struct HookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the field.
    public var reason: String

    /// Creates a hook error.
    /// - Parameter reason: What is wrong, naming the field.
    init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
