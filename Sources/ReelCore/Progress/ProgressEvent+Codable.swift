import Foundation

extension ProgressEvent: Encodable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Encodes the event as one flat object: `{"event": "progress", "fraction": 0.5, …}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(name, forKey: Key("event"))
        switch self {
        case .analysis(let value): try value.encode(to: encoder)
        case .started(let value): try value.encode(to: encoder)
        case .progress(let value): try value.encode(to: encoder)
        case .segmentWritten(let value): try value.encode(to: encoder)
        case .manifestWritten(let value): try value.encode(to: encoder)
        case .warning(let message): try container.encode(message, forKey: Key("message"))
        case .completed(let value): try value.encode(to: encoder)
        }
    }

    /// The event as one line of JSON with snake_case keys, for `--progress json` and SSE.
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{\"event\":\"\(name)\"}" }
        return String(decoding: data, as: UTF8.self)
    }
}
