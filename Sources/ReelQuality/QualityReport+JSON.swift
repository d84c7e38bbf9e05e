public import Foundation

extension QualityReport {
    /// `quality.json`'s bytes: pretty-printed, keys in the order the types declare them.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
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
