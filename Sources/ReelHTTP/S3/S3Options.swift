/// Command-line overrides for S3 destinations; `nil` fields fall back to the environment and the
/// defaults of `S3Configuration`.
public struct S3Options: Sendable, Equatable {
    /// The endpoint URL (`--s3-endpoint`), overriding `AWS_ENDPOINT_URL`.
    public var endpoint: String?
    /// The addressing style (`--s3-addressing`).
    public var addressing: S3Addressing?
    /// The number of parallel uploads (`--s3-uploads`).
    public var uploadThreads: Int?

    /// Creates options.
    /// - Parameters:
    ///   - endpoint: The endpoint URL, or `nil`.
    ///   - addressing: The addressing style, or `nil`.
    ///   - uploadThreads: The number of parallel uploads, or `nil`.
    public init(endpoint: String? = nil, addressing: S3Addressing? = nil, uploadThreads: Int? = nil) {
        self.endpoint = endpoint
        self.addressing = addressing
        self.uploadThreads = uploadThreads
    }
}
