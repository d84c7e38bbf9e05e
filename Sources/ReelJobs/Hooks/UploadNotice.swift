/// A finished upload, as an upload hook reports it: where the object is and which version.
public struct UploadNotice: Sendable, Equatable {
    /// The object as a source URI: `s3://BUCKET/KEY` or a local path.
    public var source: String
    /// What identifies this version of the object: the ETag, or the size when there is none.
    public var version: String?
    /// The ladder the uploader asked for (tusd `MetaData.ladder`), if any.
    public var ladder: String?
    /// What the upload carried besides (tusd metadata, the event name), echoed in the job.
    public var metadata: [String: String]

    /// Creates a notice.
    /// - Parameters:
    ///   - source: The object as a source URI.
    ///   - version: The ETag or size.
    ///   - ladder: The requested ladder.
    ///   - metadata: Extra facts echoed in the job.
    init(source: String, version: String?, ladder: String? = nil, metadata: [String: String] = [:]) {
        self.source = source
        self.version = version
        self.ladder = ladder
        self.metadata = metadata
    }

    /// The key that makes a repeated hook for the same object version and ladder return the same job.
    /// - Parameter ladder: The ladder the job will use.
    public func idempotencyKey(ladder: String) -> String {
        "upload:\(source)#\(version ?? "")|\(ladder)"
    }
}
