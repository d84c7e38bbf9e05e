import Foundation
import XCTest

@testable import ReelService

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
        XCTAssertEqual(configuration.apiTokens.map(\.token), ["a", "b"])
        XCTAssertEqual(configuration.hookSecret, "from-env")
        XCTAssertEqual(configuration.effectiveCallbackSecret, "from-env")
        XCTAssertEqual(configuration.allowSources, ["s3://uploads/", "/srv/tusd/"])
        XCTAssertTrue(configuration.allowPrivateNetworks)
        XCTAssertEqual(configuration.host, "127.0.0.1")
        XCTAssertEqual(configuration.database, "sqlite:reel.db")
        XCTAssertNoThrow(try configuration.validate(serving: true))
    }

    func testTheConsoleAndPreviewSettings() throws {
        XCTAssertTrue(ServiceConfiguration().console, "the console is on by default")
        XCTAssertNil(ServiceConfiguration().previewSecret, "previews are signed with a key of the process")
        let path = try file("console: false\npreview_secret: preview-secret-0123456789\n")
        var configuration = try ServiceConfiguration.load(file: path, environment: [:])
        XCTAssertFalse(configuration.console)
        XCTAssertEqual(configuration.previewSecret, "preview-secret-0123456789")
        configuration = try ServiceConfiguration.load(file: path, environment: ["REEL_CONSOLE": "yes"])
        XCTAssertTrue(configuration.console)
        XCTAssertThrowsError(try ServiceConfiguration.load(file: nil, environment: ["REEL_CONSOLE": "maybe"])) {
            XCTAssertTrue("\($0)".contains("REEL_CONSOLE: 'maybe' is not true or false"), "\($0)")
        }
        configuration.apiTokens = [APIToken(plain: "a-long-enough-api-token", position: 1)]
        for (secret, problem) in [("", "preview_secret is empty"), ("two words", "whitespace")] {
            configuration.previewSecret = secret
            XCTAssertThrowsError(try configuration.validate(serving: true)) {
                XCTAssertTrue("\($0)".contains(problem), "\($0)")
            }
        }
        configuration.previewSecret = "short"
        XCTAssertTrue(configuration.warnings.contains { $0.hasPrefix("preview_secret is shorter") })
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
        configuration.apiTokens = [APIToken(plain: "t", position: 1)]
        configuration.heartbeat = 20
        XCTAssertThrowsError(try configuration.validate(serving: true))
    }

    /// The first problem of a configuration loaded from variables and validated for serving.
    private func problem(_ environment: [String: String]) -> String? {
        var base = ["REEL_API_TOKEN": "a-long-enough-api-token"]
        base.merge(environment) { $1 }
        do {
            try ServiceConfiguration.load(file: nil, environment: base).validate(serving: true)
            return nil
        } catch {
            return error.message
        }
    }

    func testEmptySecretsAndOutOfRangeLimitsRefuseToStartNamingTheSetting() {
        let cases: [([String: String], String)] = [
            (["REEL_HOOK_SECRET": ""], "hook_secret is empty"),
            (["REEL_CALLBACK_SECRET": ""], "callback_secret is empty"),
            (["REEL_HOOK_SECRET": "has a space in it"], "hook_secret contains whitespace"),
            (["REEL_API_TOKEN": "a,,b"], ""),
            (["REEL_BODY_LIMIT": "-1"], "body_limit must be 1 to"),
            (["REEL_BODY_LIMIT": "0"], "body_limit must be 1 to"),
            (["REEL_BODY_LIMIT": "999999999999"], "body_limit must be 1 to"),
            (["REEL_RATE_LIMIT": "0"], "rate_limit must be"),
            (["REEL_RATE_LIMIT": "nan"], "rate_limit must be"),
            (["REEL_RATE_BURST": "0"], "rate_burst must be"),
            (["REEL_HEADER_TIMEOUT": "0"], "header_timeout must be"),
            (["REEL_BODY_TIMEOUT": "-5"], "body_timeout must be"),
            (["REEL_IDLE_TIMEOUT": "inf"], "idle_timeout must be"),
            (["REEL_SOURCE_LIMIT": "0"], "source_limit must be"),
            (["REEL_METADATA_LIMIT": "-1"], "metadata_limit must be"),
            (["REEL_OUTPUT_LIMIT": "0"], "output_limit must be"),
            (["REEL_CALLBACK_URL_LIMIT": "0"], "callback_url_limit must be"),
            (["REEL_WORKERS": "100000"], "workers must be"),
            (["REEL_MAX_ATTEMPTS": "0"], "max_attempts must be"),
        ]
        for (environment, expected) in cases {
            let message = problem(environment)
            if expected.isEmpty {
                XCTAssertNil(message, "\(environment)")
            } else {
                XCTAssertTrue(message?.contains(expected) ?? false, "\(environment): \(message ?? "accepted")")
            }
        }
        XCTAssertNil(problem(["REEL_HOOK_SECRET": "a-long-enough-hook-secret", "REEL_BODY_LIMIT": "2048"]))
    }

    func testScopedTokensFromVariablesAndYAML() throws {
        let configuration = try ServiceConfiguration.load(
            file: nil,
            environment: [
                "REEL_API_TOKENS": "plain-old-token,app1:read+write:tenant1=0123456789abcdef,ops:admin=fedcba9876543210"
            ])
        XCTAssertNoThrow(try configuration.validate(serving: true))
        XCTAssertEqual(
            configuration.apiTokens,
            [
                APIToken(plain: "plain-old-token", position: 1),
                APIToken(id: "app1", token: "0123456789abcdef", scopes: [.read, .write], tenant: "tenant1"),
                APIToken(id: "ops", token: "fedcba9876543210", scopes: [.admin]),
            ])
        XCTAssertEqual(configuration.apiTokens[0].scopes, [.admin])
        XCTAssertEqual(configuration.apiTokens[0].id, "token-1")
        // The token is never in a description.
        XCTAssertFalse("\(configuration.apiTokens)".contains("0123456789abcdef"))

        let path = try file(
            """
            api_tokens:
              - {id: app1, token: 0123456789abcdef, scopes: [read, write], tenant: tenant1}
              - id: reader
                token: abcdefabcdefabcdef
                scopes: read
            """)
        let yaml = try ServiceConfiguration.load(file: path, environment: [:])
        XCTAssertNoThrow(try yaml.validate(serving: true))
        XCTAssertEqual(yaml.apiTokens[0], configuration.apiTokens[1])
        XCTAssertEqual(yaml.apiTokens[1], APIToken(id: "reader", token: "abcdefabcdefabcdef", scopes: [.read]))

        XCTAssertThrowsError(
            try ServiceConfiguration.load(file: nil, environment: ["REEL_API_TOKEN": "app1:reed=0123456789abcdef"])
        ) { XCTAssertTrue("\($0)".contains("unknown scope 'reed'"), "\($0)") }
        XCTAssertTrue(problem(["REEL_API_TOKEN": "app1:read=short"])?.contains("shorter than 16") ?? false)
        XCTAssertTrue(
            problem(["REEL_API_TOKENS": "a:read=0123456789abcdef,a:write=0123456789abcdeX"])?.contains(
                "'a' is used twice") ?? false)
        // A short plain token still works (as before scopes), with a warning.
        var short = ServiceConfiguration()
        try short.setTokens(["secret"], origin: "--api-token")
        XCTAssertNoThrow(try short.validate(serving: true))
        XCTAssertEqual(short.warnings, ["API token 'token-1' is shorter than 16 characters: use a long random token"])
    }
}
