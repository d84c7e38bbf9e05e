/// Every failure Reel reports, sorted so that queues know what to retry.
///
/// `transient` errors may succeed when tried again (network, S3 5xx, timeouts); every other kind
/// fails the same way again and belongs in a dead-letter queue with its message.
public enum ReelError: Error, Sendable, Equatable {
    /// The source's container or codec is one Reel cannot read.
    case unsupportedFormat(source: String, reason: String)
    /// The source is corrupt, truncated, or has no usable stream.
    case invalidInput(source: String, stream: Int?, reason: String)
    /// The request itself is wrong: bad settings, bad ladder, bad destination.
    case permanent(String)
    /// A failure that may pass: network, storage 5xx, timeouts.
    case transient(String)
    /// The job was cancelled.
    case cancelled

    /// A short machine-readable name of the kind: `unsupported`, `invalid_input`, `permanent`,
    /// `transient` or `cancelled`.
    public var kind: String {
        switch self {
        case .unsupportedFormat: "unsupported"
        case .invalidInput: "invalid_input"
        case .permanent: "permanent"
        case .transient: "transient"
        case .cancelled: "cancelled"
        }
    }

    /// Whether trying the same job again may succeed.
    public var isRetryable: Bool {
        if case .transient = self { return true }
        return false
    }
}

extension ReelError: CustomStringConvertible {
    /// One line naming the file, the stream and the reason.
    public var description: String {
        switch self {
        case .unsupportedFormat(let source, let reason):
            return "\(source): unsupported: \(reason)"
        case .invalidInput(let source, let stream, let reason):
            if let stream { return "\(source): stream #\(stream): \(reason)" }
            return "\(source): \(reason)"
        case .permanent(let message):
            return message
        case .transient(let message):
            return "\(message) (transient; retrying may succeed)"
        case .cancelled:
            return "cancelled"
        }
    }
}
