import CFFmpeg

/// A failure inside FFmpeg, with the operation that failed and FFmpeg's own text.
public struct MediaError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in a category the packaging core maps onto its error taxonomy.
    public enum Kind: Sendable, Equatable {
        /// The source could not be opened or read (missing, unreadable, network).
        case io
        /// A blocking read waited longer than its deadline (worth retrying).
        case timedOut
        /// The bytes are not media FFmpeg understands, or are corrupt.
        case invalidData
        /// No decoder, encoder, muxer or filter for what was asked.
        case unsupported
        /// Settings that FFmpeg rejects (bad encoder option, bad filter graph).
        case invalidSettings
        /// The operation was interrupted on request.
        case interrupted
        /// Anything else.
        case other
    }

    public var kind: Kind
    /// The operation that failed, e.g. `open input` or `encode libx264`.
    var operation: String
    /// FFmpeg's error text (and the last error it logged, when useful).
    public var message: String
    /// FFmpeg's error code, when there is one.
    public var code: Int32?

    init(_ kind: Kind, _ operation: String, _ message: String, code: Int32? = nil) {
        self.kind = kind
        self.operation = operation
        self.message = message
        self.code = code
    }

    /// Builds an error from an FFmpeg return code.
    /// - Parameters:
    ///   - code: A negative FFmpeg error code.
    ///   - operation: What was being done.
    init(code: Int32, operation: String) {
        let text = MediaError.text(for: code)
        let kind: Kind
        switch code {
        case reel_averror_invaliddata(): kind = .invalidData
        case reel_averror_decoder_not_found(), reel_averror_encoder_not_found(), reel_averror(ENOSYS):
            kind = .unsupported
        case reel_averror(ETIMEDOUT): kind = .timedOut
        case reel_averror(ENOENT), reel_averror(EACCES), reel_averror(EIO):
            kind = .io
        case reel_averror_exit(): kind = .interrupted
        case reel_averror(EINVAL), reel_averror(ERANGE): kind = .invalidSettings
        default: kind = .other
        }
        self.init(kind, operation, text, code: code)
    }

    /// FFmpeg's text for an error code.
    static func text(for code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        reel_err2str(code, &buffer, buffer.count)
        return String(cBuffer: buffer)
    }

    public var description: String { "\(operation): \(message)" }
}

/// Throws a `MediaError` when an FFmpeg call returned a negative code.
/// - Parameters:
///   - code: The call's return value.
///   - operation: What was being done, for the message.
/// - Returns: The non-negative return value.
@discardableResult
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws -> Int32 {
    if code < 0 { throw MediaError(code: code, operation: operation()) }
    return code
}
