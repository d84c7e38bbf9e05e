public import Foundation

/// Where and how `S3Client` sends requests (bucket, endpoint, region, credentials, retries and
/// timeouts), and how `S3Output` uploads a package (prefix, parallelism, multipart, caching).
///
/// `init(bucket:environment:endpoint:addressing:)` reads the usual AWS variables; the tuning
/// properties have defaults that suit both AWS and local S3-compatible stores. The prefix is
/// `S3Output`'s alone (the client takes whole keys); ReelOutput's initializers that take one
/// check it as a package path.
public struct S3Configuration: Sendable {
    /// The bucket.
    public var bucket: String
    /// The key prefix: empty, or ending in `/` (for example `videos/talk/`).
    public var prefix: String
    /// The region requests are signed for.
    var region: String
    /// The service endpoint, such as `https://s3.eu-west-1.amazonaws.com` or `http://127.0.0.1:8080`.
    var endpoint: URL
    /// Path-style (`ENDPOINT/BUCKET/KEY`) or virtual-host-style (`BUCKET.ENDPOINT/KEY`) requests.
    var addressing: S3Addressing
    /// The credentials.
    var credentials: S3Credentials

    /// Upload threads (parallel requests). Default 4.
    public var uploadThreads = 4
    /// Files (or multipart parts) waiting for an upload thread before `write` blocks. Default 8.
    public var queueCapacity = 8
    /// Objects larger than this many bytes are uploaded in parts. Default 8 MiB.
    public var multipartThreshold = 8 << 20
    /// The size of each part but the last (S3's minimum is 5 MiB). Default 8 MiB.
    public var partSize = 8 << 20
    /// Attempts per request, the first included, for 5xx, throttling, timeouts and dropped
    /// connections. Default 5.
    public var maxAttempts = 5
    /// The backoff before the second attempt, in seconds; it doubles with each attempt, capped at
    /// `retryMaxDelay`, and half of it is random (jitter). Default 0.25 s.
    package var retryBaseDelay: TimeInterval = 0.25
    /// The longest backoff between attempts, in seconds. Default 4 s.
    package var retryMaxDelay: TimeInterval = 4
    /// Seconds to wait for a connection. Default 5 s.
    package var connectTimeout: TimeInterval = 5
    /// A transfer below this many bytes per second for `lowSpeedTime` is abandoned and retried.
    /// Default 1 KiB/s.
    var lowSpeedLimit = 1024
    /// Seconds a transfer may stay below `lowSpeedLimit`. Default 15 s.
    public var lowSpeedTime: TimeInterval = 15
    /// `Cache-Control` of playlists and MPDs. Default `max-age=10`.
    public var manifestCacheControl = "max-age=10"
    /// `Cache-Control` of segments and every other file. Default a year, immutable.
    public var segmentCacheControl = "public, max-age=31536000, immutable"

    /// Creates a configuration for a bucket, with an empty prefix (`S3Output` takes its prefix
    /// through ReelOutput's `init(bucket:prefix:region:credentials:endpoint:addressing:)`, which
    /// checks it as a package path).
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - region: The region.
    ///   - credentials: The credentials.
    ///   - endpoint: A custom endpoint (`http` or `https`), or `nil` for AWS's endpoint of the region.
    ///   - addressing: The addressing style, or `nil` for the default: path-style for custom
    ///     endpoints, virtual-host-style for AWS.
    /// - Throws: `S3Error` (`.invalidConfiguration`) for an invalid bucket, region or endpoint.
    public init(
        bucket: String, region: String, credentials: S3Credentials, endpoint: URL? = nil,
        addressing: S3Addressing? = nil
    ) throws(S3Error) {
        func invalid(_ why: String) -> S3Error {
            S3Error(location: "s3://\(bucket)/", reason: .invalidConfiguration(why))
        }
        if let problem = Self.bucketProblem(bucket) { throw invalid(problem) }
        if region.isEmpty || region.contains("/") { throw invalid("bad region '\(region)'") }
        let resolved = endpoint ?? URL(string: "https://s3.\(region).amazonaws.com")!
        guard let scheme = resolved.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = resolved.host, !host.isEmpty
        else {
            throw invalid("endpoint '\(resolved.absoluteString)' is not an http(s) URL")
        }
        if !resolved.path.isEmpty && resolved.path != "/" || resolved.query != nil {
            throw invalid("endpoint '\(resolved.absoluteString)' must have no path or query")
        }
        self.bucket = bucket
        prefix = ""
        self.region = region
        self.credentials = credentials
        self.endpoint = resolved
        self.addressing = addressing ?? (endpoint == nil ? .virtual : .path)
    }

    /// Creates a configuration for a bucket the AWS way, with an empty prefix: see
    /// `Environment(_:endpoint:)`.
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - environment: The variables to read, usually `ProcessInfo.processInfo.environment`.
    ///   - endpoint: An endpoint that overrides `AWS_ENDPOINT_URL` (`--s3-endpoint`), or `nil`.
    ///   - addressing: The addressing style (`--s3-addressing`), or `nil` for the default.
    /// - Throws: `S3Error` (`.invalidConfiguration`) when credentials are missing or a value is
    ///   invalid.
    public init(
        bucket: String, environment: [String: String], endpoint: String? = nil, addressing: S3Addressing? = nil
    ) throws(S3Error) {
        let settings: Environment
        do { settings = try Environment(environment, endpoint: endpoint) } catch {
            throw S3Error(location: "s3://\(bucket)/", reason: .invalidConfiguration(error.message))
        }
        try self.init(
            bucket: bucket, region: settings.region, credentials: settings.credentials, endpoint: settings.endpoint,
            addressing: addressing)
    }

    /// What the usual AWS variables say: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_SESSION_TOKEN`, `AWS_REGION` or `AWS_DEFAULT_REGION` (default `us-east-1`) and
    /// `AWS_ENDPOINT_URL`.
    package struct Environment: Sendable {
        /// Why the variables are unusable.
        package struct Problem: Error, Sendable {
            /// What is wrong, such as `set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for S3 output`.
            package let message: String
        }

        /// The region.
        package let region: String
        /// The credentials.
        package let credentials: S3Credentials
        /// The custom endpoint, or `nil` for AWS's.
        package let endpoint: URL?

        /// Reads the variables.
        /// - Parameters:
        ///   - environment: The variables, usually `ProcessInfo.processInfo.environment`.
        ///   - endpoint: An endpoint that overrides `AWS_ENDPOINT_URL`, or `nil`.
        /// - Throws: `Problem` when the credentials are missing or the endpoint is not a URL.
        package init(_ environment: [String: String], endpoint: String? = nil) throws(Problem) {
            func value(_ name: String) -> String? {
                guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                    return nil
                }
                return value
            }
            guard let accessKey = value("AWS_ACCESS_KEY_ID"), let secret = value("AWS_SECRET_ACCESS_KEY") else {
                throw Problem(message: "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for S3 output")
            }
            var endpointURL: URL?
            if let text = endpoint ?? value("AWS_ENDPOINT_URL") {
                guard let url = URL(string: text) else { throw Problem(message: "endpoint '\(text)' is not a URL") }
                endpointURL = url
            }
            region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? "us-east-1"
            credentials = S3Credentials(
                accessKeyID: accessKey, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN"))
            self.endpoint = endpointURL
        }
    }

    /// Why a bucket name is unusable, or `nil` when it is fine (3–63 characters of lowercase
    /// letters, digits, `.`, `-` and `_`, starting and ending with a letter or digit).
    package static func bucketProblem(_ bucket: String) -> String? {
        guard (3...63).contains(bucket.count) else { return "bucket name '\(bucket)' must be 3 to 63 characters" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_")
        guard bucket.allSatisfy({ allowed.contains($0) }),
            let first = bucket.first, let last = bucket.last,
            first.isLetter || first.isNumber, last.isLetter || last.isNumber
        else {
            return "bucket name '\(bucket)' may hold only lowercase letters, digits, '.', '-' and '_'"
        }
        return nil
    }
}
