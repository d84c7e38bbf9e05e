import Foundation
import ReelCore
import ReelJobs

/// Everything `reel serve` (and `reel worker`) can be told, from a YAML file, `REEL_*` environment
/// variables and command-line options — later sources override earlier ones.
public struct ServiceConfiguration: Sendable, Equatable {
    /// The address to listen on.
    public var host = "127.0.0.1"
    /// The port to listen on (0 picks a free one).
    public var port = 8080
    /// The job store: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB`.
    public var database = "sqlite:reel.db"
    /// Where packages go: a directory or `s3://BUCKET/PREFIX/`.
    public var output = "packages"
    /// The public URL the output is served from, for manifest URLs in job results.
    var publicURL: String?
    /// Bearer tokens accepted by the API, with their scopes and tenants.
    public var apiTokens: [APIToken] = []
    /// The shared secret of the upload hooks (`?token=` or `Authorization: Bearer`).
    public var hookSecret: String?
    /// The HMAC secret of callback signatures (defaults to the hook secret).
    public var callbackSecret: String?
    /// The secret content keys are sealed with in the job store (AES-GCM); jobs with keys are
    /// refused without it. Every API and worker process of one store needs the same one.
    public var keySecret: String?
    /// Workers in this process (0: API only).
    public var workers = 1
    /// Attempts a job gets before a transient failure is final.
    var maxAttempts = 3
    /// Seconds before the first retry (doubling after).
    var retryDelay = 10.0
    /// Seconds a claim holds without a heartbeat.
    public var lease = 30.0
    /// Seconds between heartbeats.
    var heartbeat = 1.0
    /// The largest accepted request body, in bytes.
    var bodyLimit = 1 << 20
    /// The longest `source` of a job, in bytes.
    var sourceLimit = 4096
    /// The longest `output` of a job, in bytes.
    var outputLimit = 1024
    /// The longest `callback_url` of a job, in bytes.
    var callbackURLLimit = 2048
    /// The largest `metadata` of a job, in bytes of JSON.
    var metadataLimit = 16384
    /// Requests per second each API token may make on average.
    var rateLimit = 10.0
    /// Requests an API token may make at once before `rate_limit` applies.
    var rateBurst = 50
    /// Seconds a connection has to send a complete request head (from its first byte, or from
    /// its opening).
    var headerTimeout = 10.0
    /// Seconds a request body may take to arrive.
    var bodyTimeout = 60.0
    /// Seconds a kept-alive connection may stay idle between requests.
    var idleTimeout = 60.0
    /// The ladder of hook jobs that name none.
    var defaultLadder = "web"
    /// Allowed source URI prefixes.
    public var allowSources = SourcePolicy.defaultPrefixes
    /// Whether `http(s)` sources may point into private networks.
    public var allowPrivateNetworks = false
    /// More URL prefixes an SNS `SubscribeURL` may have, besides AWS SNS's own hosts (for
    /// SNS-compatible servers); each must name a host and a path, e.g. `http://127.0.0.1:4566/`.
    var snsSubscribeURLs: [String] = []
    /// The S3 endpoint of sources and outputs (else `AWS_ENDPOINT_URL` or AWS).
    public var s3Endpoint: String?
    /// Where more ladder presets are found, besides the built-in search path.
    var ladders: String?
    /// Whether `/` serves the web console.
    public var console = true
    /// The secret preview links are signed with, so that every API node accepts every other's;
    /// nil signs them with a random key of this process.
    public var previewSecret: String?

    /// The defaults.
    init() {}

    /// The header, body and idle timeouts of every connection.
    var connectionTimeouts: ConnectionTimeouts {
        ConnectionTimeouts(header: .seconds(headerTimeout), body: .seconds(bodyTimeout), idle: .seconds(idleTimeout))
    }

    /// The callback secret in force.
    var effectiveCallbackSecret: String? { callbackSecret ?? hookSecret }

    /// Makes the job store seal content keys with `key_secret` (or keep none without it), for the
    /// API and the workers of this process.
    func installKeySealing() {
        JobJSON.sealContentKeys(with: keySecret.map { ContentKeySealing(secret: Data($0.utf8)) })
    }
}
