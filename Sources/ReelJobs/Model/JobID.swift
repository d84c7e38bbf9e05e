import Foundation

/// A job's identifier: a lowercase UUID, stable across restarts and machines.
public struct JobID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The identifier as text, e.g. `3f1c…`.
    let rawValue: String

    /// Wraps an identifier read from a store or a URL path.
    /// - Parameter rawValue: The identifier text.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// A new random identifier.
    static func make() -> JobID {
        JobID(UUID().uuidString.lowercased())
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
