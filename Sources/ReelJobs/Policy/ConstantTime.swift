/// Comparison of secrets in time that does not depend on where they differ.
package enum ConstantTime {
    /// Whether two secrets are equal, looking at every byte either way.
    /// - Parameters:
    ///   - a: One secret.
    ///   - b: The other.
    package static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
