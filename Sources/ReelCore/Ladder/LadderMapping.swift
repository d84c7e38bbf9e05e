/// The entries of a YAML mapping being read into the ladder model.
struct LadderMapping {
    /// The mapping node itself: missing keys are reported at its position.
    let owner: LadderNode
    /// The entries in document order.
    let entries: [(key: String, value: LadderNode)]

    /// The value of `key`, or nil when it is absent or null.
    ///
    /// - Parameter key: The key.
    /// - Returns: The value node.
    func optional(_ key: String) -> LadderNode? {
        guard let value = entries.first(where: { $0.key == key })?.value, !value.isNull else { return nil }
        return value
    }

    /// The value of `key`, which must be present and not null.
    ///
    /// - Parameter key: The key.
    /// - Returns: The value node.
    func required(_ key: String) throws(LadderError) -> LadderNode {
        guard let value = optional(key) else { throw missing(key) }
        return value
    }

    /// The error for a missing `key`, located at the mapping.
    ///
    /// - Parameters:
    ///   - key: The key.
    ///   - reason: Why it is needed.
    /// - Returns: The error.
    func missing(_ key: String, reason: String = "is required") -> LadderError {
        owner.error(reason, field: owner.path(ofKey: key))
    }
}
