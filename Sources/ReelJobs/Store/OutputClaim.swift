/// How the stores decide that two jobs' packages would overlap: a job owns its output path
/// (relative to the service's destination), and another job may not write at it, inside it or
/// above it while the owner is queued, running or succeeded.
enum OutputClaim {
    /// The statuses that hold their output: failed and cancelled jobs have removed what they wrote.
    static let holdingStatuses = "'queued', 'running', 'succeeded'"

    /// A path without empty or `.` components (so `a//b/` and `./a/b` name `a/b`).
    static func normalized(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.joined(separator: "/")
    }

    /// The path and every ancestor of it: an existing output equal to one of them contains it.
    static func selfAndAncestors(_ path: String) -> [String] {
        let parts = path.split(separator: "/")
        return (1...max(1, parts.count)).map { parts.prefix($0).joined(separator: "/") }
    }

    /// The range of paths strictly inside `path` (`path/` up to, not including, `path0`, since
    /// `0` follows `/` in byte order).
    static func descendantRange(_ path: String) -> (lower: String, upper: String) {
        (path + "/", path + "0")
    }
}
