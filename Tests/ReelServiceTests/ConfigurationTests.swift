import Foundation
import ReelService
import XCTest

final class ConfigurationTests: XCTestCase {
    private func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reel-config-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    func testFileThenEnvironmentThenDefaults() throws {
        let path = try file(
            """
            port: 9090
            workers: 3
            api_token: [a, b]
            hook_secret: from-file
            allow_sources: [s3://uploads/, /srv/tusd/]
            allow_private_networks: true
            """)
        let configuration = try ServiceConfiguration.load(
            file: path, environment: ["REEL_HOOK_SECRET": "from-env", "REEL_WORKERS": "2", "HOME": "/root"])
        XCTAssertEqual(configuration.port, 9090)
        XCTAssertEqual(configuration.workers, 2)
        XCTAssertEqual(configuration.apiTokens, ["a", "b"])
        XCTAssertEqual(configuration.hookSecret, "from-env")
        XCTAssertEqual(configuration.effectiveCallbackSecret, "from-env")
        XCTAssertEqual(configuration.allowSources, ["s3://uploads/", "/srv/tusd/"])
        XCTAssertTrue(configuration.allowPrivateNetworks)
        XCTAssertEqual(configuration.host, "127.0.0.1")
        XCTAssertEqual(configuration.database, "sqlite:reel.db")
        XCTAssertNoThrow(try configuration.validate(serving: true))
    }

    func testMistakesNameTheFileVariableAndField() throws {
        let path = try file("prot: 80\n")
        XCTAssertThrowsError(try ServiceConfiguration.load(file: path, environment: [:])) { error in
            XCTAssertTrue("\(error)".contains("\(path): prot: unknown setting"), "\(error)")
        }
        XCTAssertThrowsError(try ServiceConfiguration.load(file: nil, environment: ["REEL_PORT": "eighty"])) { error in
            XCTAssertTrue("\(error)".contains("REEL_PORT: 'eighty' is not a number"), "\(error)")
        }
        XCTAssertThrowsError(try ServiceConfiguration().validate(serving: true)) { error in
            XCTAssertTrue("\(error)".contains("no API token"), "\(error)")
        }
        XCTAssertNoThrow(try ServiceConfiguration().validate(serving: false))
        XCTAssertEqual(
            ServiceConfiguration.unknownVariables(in: [
                "REEL_APITOKEN": "x", "REEL_API_TOKEN": "y", "REEL_TEST_S3_ENDPOINT": "z", "REEL_CONFIG": "c",
                "PATH": "/",
            ]), ["REEL_APITOKEN"])
        var configuration = ServiceConfiguration()
        configuration.apiTokens = ["t"]
        configuration.heartbeat = 20
        XCTAssertThrowsError(try configuration.validate(serving: true))
    }
}
