/// One input of a package-only request: a file already encoded, whose video and audio streams
/// are copied into the package as they are.
///
/// ```json
/// {"source": "s3://masters/talk-fr.m4a", "language": "fr", "name": "Français"}
/// ```
public struct MediaInput: Sendable, Equatable {
    /// The input by reference, like `PackageJob.source`.
    public var source: String
    /// The language of the input's audio (BCP 47), overriding what the container says.
    public var language: String?
    /// The display name of the input's audio renditions, overriding the language's name.
    public var name: String?

    /// - Parameters:
    ///   - source: The input by reference.
    ///   - language: Overrides the audio's language.
    ///   - name: Overrides the audio renditions' display name.
    public init(source: String, language: String? = nil, name: String? = nil) {
        self.source = source
        self.language = language
        self.name = name
    }
}

extension MediaInput: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case source, language, name
    }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(String.self, forKey: .source)
        if let tag = try container.decodeIfPresent(String.self, forKey: .language) {
            guard let normalized = LanguageTag.normalize(tag) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .language, in: container,
                    debugDescription: "'\(tag)' is not a language tag such as en or pt-BR")
            }
            language = normalized
        }
        name = try container.decodeIfPresent(String.self, forKey: .name)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(language, forKey: .language)
        try container.encodeIfPresent(name, forKey: .name)
    }
}
