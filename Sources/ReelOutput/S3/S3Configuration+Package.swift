package import Foundation
public import ReelHTTP

extension S3Configuration {
    /// Creates the configuration of an `S3Output`: a bucket and a key prefix the package goes under.
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - prefix: The key prefix; a missing trailing `/` is added, a leading one removed. It must be
    ///     a valid `OutputPath` (no empty, `.` or `..` components...).
    ///   - region: The region.
    ///   - credentials: The credentials.
    ///   - endpoint: A custom endpoint (`http` or `https`), or `nil` for AWS's endpoint of the region.
    ///   - addressing: The addressing style, or `nil` for the default: path-style for custom
    ///     endpoints, virtual-host-style for AWS.
    /// - Throws: `OutputError` (`.invalidDestination`, permanent) for an invalid bucket, prefix or endpoint.
    package init(
        bucket: String, prefix: String, region: String, credentials: S3Credentials, endpoint: URL? = nil,
        addressing: S3Addressing? = nil
    ) throws(OutputError) {
        let destination = "s3://\(bucket)/\(prefix)"
        if let problem = Self.bucketProblem(bucket) {
            throw OutputError(path: destination, reason: .invalidDestination(problem))
        }
        var prefix = prefix
        while prefix.hasPrefix("/") { prefix.removeFirst() }
        if !prefix.isEmpty && !prefix.hasSuffix("/") { prefix += "/" }
        if !prefix.isEmpty {
            do { _ = try OutputPath(String(prefix.dropLast())) } catch {
                throw OutputError(path: destination, reason: .invalidDestination("bad prefix: \(error.reason)"))
            }
        }
        do {
            try self.init(
                bucket: bucket, region: region, credentials: credentials, endpoint: endpoint, addressing: addressing)
        } catch {
            throw OutputError(error, destination: destination)
        }
        self.prefix = prefix
    }

    /// Creates the configuration of an `S3Output` the AWS way: `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION` or `AWS_DEFAULT_REGION` (default
    /// `us-east-1`) and `AWS_ENDPOINT_URL`.
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - prefix: The key prefix.
    ///   - environment: The variables to read, usually `ProcessInfo.processInfo.environment`.
    ///   - endpoint: An endpoint that overrides `AWS_ENDPOINT_URL` (`--s3-endpoint`), or `nil`.
    ///   - addressing: The addressing style (`--s3-addressing`), or `nil` for the default.
    /// - Throws: `OutputError` (`.invalidDestination`, permanent) when credentials are missing or a
    ///   value is invalid.
    public init(
        bucket: String, prefix: String, environment: [String: String], endpoint: String? = nil,
        addressing: S3Addressing? = nil
    ) throws(OutputError) {
        let settings: Environment
        do { settings = try Environment(environment, endpoint: endpoint) } catch {
            throw OutputError(path: "s3://\(bucket)/\(prefix)", reason: .invalidDestination(error.message))
        }
        try self.init(
            bucket: bucket, prefix: prefix, region: settings.region, credentials: settings.credentials,
            endpoint: settings.endpoint, addressing: addressing)
    }

    /// The key of a file of the package: the prefix and the relative path.
    /// - Parameter path: The file's path in the package.
    /// - Returns: The object key.
    func key(for path: OutputPath) -> String {
        prefix + path.string
    }
}

extension OutputError {
    /// The output's form of an S3 client's failure: the same location and, for a request that
    /// failed, the same `S3Failure`; a cancelled request is an aborted output.
    /// - Parameters:
    ///   - error: The client's failure.
    ///   - destination: The location to name for an invalid configuration, or `nil` for the error's.
    init(_ error: S3Error, destination: String? = nil) {
        switch error.reason {
        case .request(let failure): self.init(path: error.location, reason: .storage(failure))
        case .cancelled: self.init(path: error.location, reason: .aborted)
        case .invalidConfiguration(let why):
            self.init(path: destination ?? error.location, reason: .invalidDestination(why))
        }
    }
}
