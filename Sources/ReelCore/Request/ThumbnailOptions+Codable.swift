/// Thumbnails in a request: `{"interval": 10, "width": 160, "height": 90}`; only `interval` is
/// required (seconds ≥ 0.1; tile sizes 16…1920, made even).
extension ThumbnailOptions: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case interval, width, height
    }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let interval = try container.decode(Double.self, forKey: .interval)
        let width = try container.decodeIfPresent(Int.self, forKey: .width)
        let height = try container.decodeIfPresent(Int.self, forKey: .height)
        guard interval >= 0.1, interval <= 3600 else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath + [CodingKeys.interval],
                    debugDescription: "must be between 0.1 and 3600 seconds"))
        }
        for (key, side) in [(CodingKeys.width, width), (.height, height)] {
            if let side, !(16...1920).contains(side) {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath + [key], debugDescription: "must be between 16 and 1920"))
            }
        }
        self.init(interval: interval, width: width.map { $0 / 2 * 2 }, height: height.map { $0 / 2 * 2 })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(interval, forKey: .interval)
        try container.encodeIfPresent(width, forKey: .width)
        try container.encodeIfPresent(height, forKey: .height)
    }
}
