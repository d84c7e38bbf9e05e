public import ReelCore
public import ReelOutput

/// Where a job's package goes: a relative location inside the service's output destination, never
/// outside it.
public struct PackageLocation: Sendable, Equatable {
    /// The service's destination: a directory or `s3://BUCKET/PREFIX/`.
    var root: OutputDestination

    /// Creates the resolver for a destination.
    /// - Parameter root: The service's destination (`--output`).
    public init(root: OutputDestination) {
        self.root = root
    }

    /// The destination of one job's package.
    /// - Parameters:
    ///   - relative: The job's `output` (a relative path; `NAME.zip` makes a zip inside a directory
    ///     root), or nil for the job id.
    ///   - jobID: The job.
    ///   - owner: The job's tenant: its packages live in a folder of its own (`TENANT/OUTPUT`), so
    ///     one tenant's outputs never meet another's.
    /// - Returns: The package's destination.
    /// - Throws: `ReelError.permanent` when the path is absolute, has `..` or empty parts, or names
    ///   a zip under an S3 root.
    public func destination(for relative: String?, jobID: JobID, owner: String? = nil) throws(ReelError)
        -> OutputDestination
    {
        var path = Self.relativePath(for: relative, jobID: jobID, owner: owner)
        while path.hasSuffix("/") { path.removeLast() }
        do {
            _ = try OutputPath(path)
        } catch {
            throw .permanent("output '\(relative ?? "")' is not a relative path inside the destination: \(error)")
        }
        let isZip = path.lowercased().hasSuffix(".zip")
        switch root {
        case .directory(let directory):
            let joined = (directory.hasSuffix("/") ? directory : directory + "/") + path
            return isZip ? .zip(path: joined) : .directory(path: joined)
        case .s3(let bucket, let prefix):
            guard !isZip else { throw .permanent("output '\(path)': zip archives are written to directories, not S3") }
            return .s3(bucket: bucket, prefix: prefix + path + "/")
        case .zip(let archive):
            throw .permanent("the service destination \(archive) is a zip archive; use a directory or s3:// prefix")
        }
    }

    /// A job's package path inside the destination: `output` (or the job id) under the owner's
    /// folder when the job has an owner.
    static func relativePath(for output: String?, jobID: JobID, owner: String?) -> String {
        let path = output ?? jobID.rawValue
        guard let owner else { return path }
        return owner + "/" + path
    }
}
