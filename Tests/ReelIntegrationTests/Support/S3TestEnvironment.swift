import Foundation
import ReelTestSupport
import ReelOutput
import XCTest

/// The local S3 server `scripts/test` starts, from its `REEL_TEST_S3_*` variables; tests that need
/// it skip without them.
struct S3TestEnvironment {
    let endpoint: URL
    let accessKey: String
    let secretKey: String
    let proxyServer: String?
    let proxyTemplate: String?

    /// The server, or an `XCTSkip` when `REEL_TEST_S3_ENDPOINT` is not set.
    static func require() throws -> S3TestEnvironment {
        let environment = ProcessInfo.processInfo.environment
        guard let endpoint = environment["REEL_TEST_S3_ENDPOINT"].flatMap(URL.init(string:)),
            let accessKey = environment["REEL_TEST_S3_ACCESS_KEY"],
            let secretKey = environment["REEL_TEST_S3_SECRET_KEY"]
        else {
            throw XCTSkip("no S3 server (REEL_TEST_S3_ENDPOINT is unset; scripts/test starts one)")
        }
        return S3TestEnvironment(
            endpoint: endpoint, accessKey: accessKey, secretKey: secretKey,
            proxyServer: environment["REEL_TEST_S3_PROXY_SERVER"],
            proxyTemplate: environment["REEL_TEST_S3_PROXY_TEMPLATE"])
    }

    /// A configuration with short retries, on the shared proxy or on `endpoint`.
    func configuration(bucket: String, prefix: String, endpoint: URL? = nil) throws -> S3Configuration {
        var configuration = try S3Configuration(
            bucket: bucket, prefix: prefix, region: "us-east-1",
            credentials: S3Credentials(accessKeyID: accessKey, secretAccessKey: secretKey),
            endpoint: endpoint ?? self.endpoint)
        configuration.maxAttempts = 3
        configuration.retryBaseDelay = 0.1
        configuration.retryMaxDelay = 0.5
        configuration.connectTimeout = 2
        return configuration
    }

    /// Creates a fresh bucket on the shared proxy and returns it with a client.
    func makeBucket() throws -> (bucket: String, client: S3Client) {
        let bucket = "reel-it-" + UUID().uuidString.lowercased().prefix(18)
        let client = S3Client(configuration: try configuration(bucket: bucket, prefix: ""))
        try client.createBucket()
        return (bucket, client)
    }

    /// Starts a proxy of its own (same storage) on a free port; stopped when the test ends.
    func startProxy(_ test: XCTestCase) throws -> TestProxy {
        guard let proxyServer, let proxyTemplate else {
            throw XCTSkip("REEL_TEST_S3_PROXY_SERVER / REEL_TEST_S3_PROXY_TEMPLATE are unset")
        }
        let proxy = try TestProxy(executable: proxyServer, template: proxyTemplate)
        test.addTeardownBlock { proxy.stop() }
        var probe = try configuration(bucket: "healthcheck", prefix: "", endpoint: proxy.endpoint)
        probe.maxAttempts = 1
        try proxy.waitUntilHealthy(client: S3Client(configuration: probe))
        return proxy
    }
}
