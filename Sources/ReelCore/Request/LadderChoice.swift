import Foundation

/// The ladder of a request: a preset by name, or an inline ladder object.
///
/// In JSON a string names a preset (`"web"`) and an object is a ladder in the preset schema
/// (see ``LadderLoader``), validated when the request is decoded with the same messages as a
/// preset file, its fields named from `ladder`:
/// ```json
/// {"ladder": {"name": "two", "video": {"codec": "h264", "preset": "veryfast"},
///             "rungs": [{"name": "720p", "height": 720, "bitrate": "3000k"},
///                       {"name": "360p", "height": 360, "bitrate": "800k"}],
///             "audio": [{"name": "128k", "bitrate": "128k"}]}}
/// ```
/// Only the command line may name a preset *file* (`reel package --ladder my.yaml`); the
/// service looks names up in its own presets and never opens a path named in a request.
public enum LadderChoice: Sendable, Equatable, Codable, CustomStringConvertible {
    /// A preset by name (from the command line, also a preset file's path).
    case preset(String)
    /// A ladder given in the request, in the preset schema.
    case inline(JSONValue)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let name = try? container.decode(String.self) {
            self = .preset(name)
            return
        }
        let value = try container.decode(JSONValue.self)
        guard case .object = value else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "must be a preset name or a ladder object"))
        }
        do {
            _ = try Self.load(inline: value)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
        self = .inline(value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .preset(let name): try container.encode(name)
        case .inline(let value): try container.encode(value)
        }
    }

    public var description: String {
        switch self {
        case .preset(let name): return name
        case .inline(let value): return "inline ladder \"\(value.objectValue?["name"]?.stringValue ?? "inline")\""
        }
    }

    /// The ladder this choice names.
    /// - Parameters:
    ///   - catalog: Where preset names are looked up.
    ///   - allowFiles: Whether a preset may be a file path (the command line only).
    /// - Returns: The validated ladder.
    /// - Throws: `ReelError.permanent` with the ladder error, naming the field.
    func resolve(in catalog: LadderCatalog, allowFiles: Bool) throws(ReelError) -> Ladder {
        do {
            switch self {
            case .preset(let name):
                return try allowFiles ? catalog.loadPreset(nameOrFile: name) : catalog.resolve(name)
            case .inline(let value):
                return try Self.load(inline: value)
            }
        } catch {
            throw .permanent("ladder: \(error.description)")
        }
    }

    /// Validates an inline ladder; errors name the field from `ladder`, without a line.
    static func load(inline value: JSONValue) throws(LadderError) -> Ladder {
        var object = value.objectValue ?? [:]
        if object["name"] == nil { object["name"] = .string("inline") }
        let text = (try? JSONEncoder().encode(JSONValue.object(object))).map { String(decoding: $0, as: UTF8.self) }
        do {
            return try LadderLoader.load(yaml: text ?? "{}", source: "ladder")
        } catch {
            var located = error
            located.line = nil
            located.column = nil
            throw located
        }
    }
}
