public import Foundation
public import ReelHTTP
import ReelOutput
public import XCTest

/// The local S3 server `scripts/test` starts (OpenStack Swift's s3api), described by environment
/// variables. Tests that need it call `S3TestServer.require()`, which skips them when it is absent.
public struct S3TestServer: Sendable {
    /// The shared proxy's endpoint, such as `http://127.0.0.1:8080`.
    public let endpoint: URL
    public let accessKey: String
    public let secretKey: String
    public let region: String
    /// The proxy executable and a configuration template (`@PORT@`), to start private proxies.
    public let proxyServer: String?
    public let proxyTemplate: String?

    /// The server, or an `XCTSkip` when `REEL_TEST_S3_ENDPOINT` is not set.
    public static func require() throws -> S3TestServer {
        let environment = ProcessInfo.processInfo.environment
        guard let endpoint = environment["REEL_TEST_S3_ENDPOINT"].flatMap(URL.init(string:)),
            let accessKey = environment["REEL_TEST_S3_ACCESS_KEY"],
            let secretKey = environment["REEL_TEST_S3_SECRET_KEY"]
        else {
            throw XCTSkip("no S3 server (REEL_TEST_S3_ENDPOINT is unset; scripts/test starts one)")
        }
        return S3TestServer(
            endpoint: endpoint, accessKey: accessKey, secretKey: secretKey,
            region: environment["REEL_TEST_S3_REGION"] ?? "us-east-1",
            proxyServer: environment["REEL_TEST_S3_PROXY_SERVER"],
            proxyTemplate: environment["REEL_TEST_S3_PROXY_TEMPLATE"])
    }

    /// A fresh bucket name.
    public static func uniqueBucket() -> String {
        "reel-test-" + UUID().uuidString.lowercased().prefix(18)
    }

    /// A configuration for a bucket and prefix on this server (or on `endpoint`), with short
    /// retries so failure tests stay fast.
    public func configuration(
        bucket: String, prefix: String = "pkg/", endpoint: URL? = nil, secretKey: String? = nil
    ) throws -> S3Configuration {
        var configuration = try S3Configuration(
            bucket: bucket, prefix: prefix, region: region,
            credentials: S3Credentials(accessKeyID: accessKey, secretAccessKey: secretKey ?? self.secretKey),
            endpoint: endpoint ?? self.endpoint)
        configuration.retryBaseDelay = 0.1
        configuration.retryMaxDelay = 0.5
        configuration.maxAttempts = 3
        configuration.connectTimeout = 2
        return configuration
    }

    /// A client of the shared proxy for a bucket.
    public func client(bucket: String) throws -> S3Client {
        S3Client(configuration: try configuration(bucket: bucket, prefix: ""))
    }

    /// Creates a fresh bucket and returns a client for it.
    public func makeBucket() throws -> (bucket: String, client: S3Client) {
        let bucket = Self.uniqueBucket()
        let client = try client(bucket: bucket)
        try client.createBucket()
        return (bucket, client)
    }

    /// Starts a proxy of its own on a free port, in front of the same storage: killing or freezing
    /// it does not disturb other tests, and the shared proxy still reads what it stored.
    public func startPrivateProxy(_ test: XCTestCase) throws -> TestProxy {
        guard let proxyServer, let proxyTemplate else {
            throw XCTSkip("REEL_TEST_S3_PROXY_SERVER / REEL_TEST_S3_PROXY_TEMPLATE are unset")
        }
        let proxy = try TestProxy(executable: proxyServer, template: proxyTemplate)
        test.addTeardownBlock { proxy.stop() }
        var probeConfiguration = try configuration(bucket: "healthcheck", endpoint: proxy.endpoint)
        probeConfiguration.maxAttempts = 1
        let probe = S3Client(configuration: probeConfiguration)
        try proxy.waitUntilHealthy(client: probe)
        return proxy
    }
}
