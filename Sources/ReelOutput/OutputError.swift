public import ReelHTTP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure of an output: which path it concerns and why.
///
/// `path` is the relative path the caller gave (or, for failures of the destination itself, the
/// destination). The description quotes the path with escapes, so control characters in a rejected
/// path cannot garble a log line.
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why an output operation failed.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// The path is empty.
        case empty
        /// The path starts with `/`.
        case absolute
        /// The path is longer than `OutputPath.maxLength` UTF-8 bytes.
        case tooLong(bytes: Int, limit: Int)
        /// A component is longer than `OutputPath.maxComponentLength` UTF-8 bytes.
        case componentTooLong(bytes: Int, limit: Int)
        /// The path has an empty component (`a//b`, a trailing `/`).
        case emptyComponent
        /// The path has a `.` or `..` component.
        case dotComponent(String)
        /// The path contains a backslash.
        case backslash
        /// The path contains a NUL character.
        case nul
        /// The path contains a control character (the Unicode scalar value is given).
        case controlCharacter(UInt32)
        /// The same path was already written (or is being written) by this output.
        case alreadyWritten
        /// The path is still being written when `finish()` is called (a writer was not closed).
        case stillOpen
        /// The writer was already closed, or failed and discarded its file.
        case writerClosed
        /// The output was finished; it accepts no more files.
        case finished
        /// The output was aborted; it accepts no more files.
        case aborted
        /// The destination itself is unusable (for example a URL that is not a file URL).
        case invalidDestination(String)
        /// A system call failed with `errno` `code`.
        case io(operation: String, code: Int32)
        /// libzip failed; the message is libzip's.
        case archive(operation: String, message: String)
        /// The S3 store failed or refused a request; the failure says whether it is transient.
        case storage(S3Failure)

        /// A short human-readable reason.
        public var description: String {
            switch self {
            case .empty: "path is empty"
            case .absolute: "path is absolute"
            case .tooLong(let bytes, let limit): "path is \(bytes) bytes long (limit \(limit))"
            case .componentTooLong(let bytes, let limit): "a path component is \(bytes) bytes long (limit \(limit))"
            case .emptyComponent: "path has an empty component"
            case .dotComponent(let component): "path has a '\(component)' component"
            case .backslash: "path contains a backslash"
            case .nul: "path contains a NUL character"
            case .controlCharacter(let value): "path contains control character U+\(Self.hex4(value))"
            case .alreadyWritten: "already written by this output"
            case .stillOpen: "still being written (writer not closed) at finish"
            case .writerClosed: "writer already closed or failed"
            case .finished: "output already finished"
            case .aborted: "output was aborted"
            case .invalidDestination(let why): "invalid destination: \(why)"
            case .io(let operation, let code): "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
            case .archive(let operation, let message): "zip \(operation) failed: \(message)"
            case .storage(let failure): failure.description
            }
        }

        private static func hex4(_ value: UInt32) -> String {
            let digits = String(value, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }

    /// The relative path concerned, or the destination for failures of the destination itself.
    public let path: String
    /// Why the operation failed.
    public let reason: Reason

    /// Creates an error.
    /// - Parameters:
    ///   - path: The relative path concerned, or the destination.
    ///   - reason: Why the operation failed.
    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// Whether trying again may succeed: S3 5xx, throttling, timeouts and dropped connections that
    /// outlasted the retries. Everything else (bad paths, bad credentials, a missing bucket, local
    /// I/O failures) is permanent.
    public var isTransient: Bool {
        if case .storage(let failure) = reason { return failure.isTransient }
        return false
    }

    /// `"path": reason`, with the path quoted and escaped.
    public var description: String { "\(path.debugDescription): \(reason)" }
}
