/// Hands out rendition ids not used yet in a package: `a128k`, then `a128k-2`, `a128k-3`.
struct UniqueIDs {
    private var used = Set<String>()

    /// The id, or the id with the first free `-N` suffix; remembered as used.
    mutating func claim(_ id: String) -> String {
        var candidate = id
        var n = 2
        while used.contains(candidate) {
            candidate = "\(id)-\(n)"
            n += 1
        }
        used.insert(candidate)
        return candidate
    }
}
