/// How a request names its bucket.
public enum S3Addressing: String, Sendable, CaseIterable {
    /// `https://ENDPOINT/BUCKET/KEY`: the default for custom endpoints (MinIO, Swift, Ceph...).
    case path
    /// `https://BUCKET.ENDPOINT/KEY`: the default for AWS.
    case virtual
}
