import Foundation
import Hummingbird
import HummingbirdTesting
import ReelJobs
import XCTest

@testable import ReelService

/// A `reel serve` application in the test process over a fresh SQLite store in a temporary
/// directory, with no workers unless asked: requests go through the router without a socket.
struct ServiceHarness {
    static let apiToken = "test-api-token"
    static let hookSecret = "test-hook-secret"

    let directory: URL
    let store: any JobStore
    let server: ReelServer

    init(
        workers: Int = 0, environment: [String: String] = ProcessInfo.processInfo.environment,
        configure: (inout ServiceConfiguration) -> Void = { _ in }
    ) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reel-service-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = ServiceConfiguration()
        configuration.database = "sqlite:\(directory.path)/reel.db"
        configuration.output = directory.appendingPathComponent("packages").path
        configuration.apiTokens = [APIToken(plain: Self.apiToken, position: 1)]
        configuration.hookSecret = Self.hookSecret
        configuration.workers = workers
        configuration.allowSources = ["s3://", "https://", "http://", directory.path + "/"]
        configure(&configuration)
        try configuration.validate(serving: true)
        store = try await JobStoreLocation(parsing: configuration.database).open(takeOwnership: true)
        server = try ReelServer(configuration: configuration, store: store, environment: environment)
    }

    /// Runs requests against the router, then closes the store and removes the directory.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: server.makeRouter())
        do {
            try await app.test(.router, body)
        } catch {
            await close()
            throw error
        }
        await close()
    }

    func close() async {
        await store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    static var auth: HTTPFields { [.authorization: "Bearer \(apiToken)"] }
}

extension TestResponse {
    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }
}

extension Data {
    init(buffer: ByteBuffer) {
        self.init(buffer.readableBytesView)
    }
}
