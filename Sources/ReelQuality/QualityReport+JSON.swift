public import Foundation

extension QualityReport {
    /// `quality.json`'s bytes: pretty-printed, keys sorted (the same report, the same bytes).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Reads a `quality.json`.
    /// - Parameter data: The file's bytes.
    public init(json data: Data) throws {
        self = try JSONDecoder().decode(QualityReport.self, from: data)
    }
}
