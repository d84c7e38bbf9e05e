/// A subtitle sidecar in a request:
/// `{"source": "s3://uploads/talk.fr.srt", "language": "fr", "name": "Français", "forced": false,
/// "default": false, "sdh": false}`; only `source` is required.
extension SubtitleInput {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case uri = "source"
        case language, name
        case isForced = "forced"
        case isDefault = "default"
        case isSDH = "sdh"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            uri: try container.decode(String.self, forKey: .uri),
            language: try container.decodeIfPresent(String.self, forKey: .language),
            name: try container.decodeIfPresent(String.self, forKey: .name),
            isForced: try container.decodeIfPresent(Bool.self, forKey: .isForced) ?? false,
            isDefault: try container.decodeIfPresent(Bool.self, forKey: .isDefault) ?? false,
            isSDH: try container.decodeIfPresent(Bool.self, forKey: .isSDH) ?? false)
        if let language {
            guard let normalized = LanguageTag.normalize(language) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath + [CodingKeys.language],
                        debugDescription: "'\(language)' is not a language code such as en, eng or pt-BR"))
            }
            self.language = normalized
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uri, forKey: .uri)
        try container.encodeIfPresent(language, forKey: .language)
        try container.encodeIfPresent(name, forKey: .name)
        if isForced { try container.encode(true, forKey: .isForced) }
        if isDefault { try container.encode(true, forKey: .isDefault) }
        if isSDH { try container.encode(true, forKey: .isSDH) }
    }
}
