extension Decoder {
    /// Refuses an object with a field that `Keys` does not name, so a typo (`ladr` for
    /// `ladder`) is said, not ignored: `unknown field "ladr" (fields: formats, ladder, …)`.
    /// - Parameter keys: The object's coding keys.
    /// - Throws: `DecodingError.dataCorrupted` at the unknown field.
    func refuseUnknownFields<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let known = Set(Keys.allCases.map(\.stringValue))
        let present = try container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue)
        guard let unknown = present.sorted().first(where: { !known.contains($0) }) else { return }
        throw DecodingError.dataCorrupted(
            .init(
                codingPath: codingPath + [AnyCodingKey(unknown)],
                debugDescription: "unknown field \"\(unknown)\" (fields: \(known.sorted().joined(separator: ", ")))"))
    }
}

/// A coding key for any field name.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }
}
