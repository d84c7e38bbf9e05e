package import Logging

/// A log handler that makes every line safe before another handler writes it: control
/// characters in the message, the metadata and the source are escaped (`\n`, `\0`, `\e`,
/// `\u{85}`…), so a value from a request cannot forge a log line or put raw bytes on a terminal,
/// and secrets are masked by `Redaction`. `reel` wraps its stderr handler in it, so no call site
/// can forget either.
package struct SafeLogHandler: LogHandler {
    /// The handler that writes the safe lines.
    var wrapped: any LogHandler

    /// Wraps a handler.
    /// - Parameter wrapped: The handler that writes the lines.
    package init(wrapping wrapped: any LogHandler) {
        self.wrapped = wrapped
    }

    package var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    package var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue.mapValues(Self.safe) }
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: Self.safe(key)] = newValue.map(Self.safe) }
    }

    package func log(event: LogEvent) {
        var safe = event
        safe.message = "\(Self.safe(event.message.description))"
        safe.metadata = event.metadata.map { values in
            Dictionary(values.map { (Self.safe($0.key), Self.safe($0.value)) }) { first, _ in first }
        }
        safe.source = Self.safe(event.source)
        safe.error = event.error.map { SafeError(description: Self.safe(String(describing: $0))) }
        wrapped.log(event: safe)
    }

    /// One value of a log line, redacted and escaped.
    /// - Parameter text: The value.
    /// - Returns: The safe value.
    static func safe(_ text: String) -> String {
        SafeText.escaped(Redaction.redacted(text))
    }

    private static func safe(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(safe(text))
        case .stringConvertible(let convertible): .string(safe(convertible.description))
        case .array(let values): .array(values.map(safe))
        case .dictionary(let values):
            .dictionary(Dictionary(values.map { (safe($0.key), safe($0.value)) }) { first, _ in first })
        }
    }
}

/// An error as a log line shows it: its description, made safe.
private struct SafeError: Error, CustomStringConvertible {
    let description: String
}
