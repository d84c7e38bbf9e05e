/// Where a succeeded job's package lies, for serving its files (the preview of `reel serve`).
extension Job {
    /// The package's destination (a directory, `NAME.zip` or `s3://BUCKET/PREFIX/`, the earlier
    /// job's when the package was reused) and every file in it (path relative to the destination
    /// → bytes); nil unless the job succeeded with a result that lists its files.
    package var publishedPackage: (destination: String, files: [String: Int])? {
        guard status == .succeeded, let result, let files = result.files else { return nil }
        return (result.output, files)
    }
}
