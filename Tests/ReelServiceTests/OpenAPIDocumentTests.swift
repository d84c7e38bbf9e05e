import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import ReelService

/// The service is described by `api/openapi.yaml`: it serves that file, and every route it has is
/// in it.
final class OpenAPIDocumentTests: XCTestCase {
    /// The repository's root, from this file's path.
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    private static let documentFile = root.appendingPathComponent("api/openapi.yaml")
    private static let textFile = root.appendingPathComponent("Sources/ReelService/OpenAPI/OpenAPIDocument+Text.swift")

    /// The Swift file that compiles the document in.
    private static func swiftText(for yaml: String) -> String {
        "// The text of api/openapi.yaml. Do not edit: change api/openapi.yaml and run\n"
            + "// `REEL_UPDATE_OPENAPI=1 swift test --filter OpenAPIDocumentTests`.\n"
            + "// swift-format-ignore-file\n\n"
            + "extension OpenAPIDocument {\n    static let text = #\"\"\"\n" + yaml + "\n\"\"\"#\n}\n"
    }

    func testTheCompiledDocumentIsTheFileInTheRepository() throws {
        let yaml = try String(contentsOf: Self.documentFile, encoding: .utf8)
        if ProcessInfo.processInfo.environment["REEL_UPDATE_OPENAPI"] == "1" {
            try Self.swiftText(for: yaml).write(to: Self.textFile, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(
            try String(contentsOf: Self.textFile, encoding: .utf8), Self.swiftText(for: yaml),
            "OpenAPIDocument+Text.swift is not api/openapi.yaml: run "
                + "`REEL_UPDATE_OPENAPI=1 swift test --filter OpenAPIDocumentTests` and build again")
        XCTAssertEqual(OpenAPIDocument.yamlText, yaml, "the binary is older than api/openapi.yaml: build again")
    }

    func testTheServiceServesTheDocumentWithoutAToken() async throws {
        let yaml = try String(contentsOf: Self.documentFile, encoding: .utf8)
        let harness = try await ServiceHarness()
        try await harness.test { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "application/yaml; charset=utf-8")
                XCTAssertEqual(String(buffer: response.body), yaml)
            }
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "application/json")
                let json = response.json
                XCTAssertEqual(json["openapi"] as? String, "3.1.0")
                XCTAssertNotNil((json["paths"] as? [String: Any])?["/v1/jobs"])
            }
        }
    }

    func testEveryRouteIsInTheDocument() async throws {
        let harness = try await ServiceHarness()
        // The router writes a capture as the document does: `/v1/jobs/{id}`.
        let routes = Set(harness.server.makeRouter().routes.map { "\($0.method.rawValue) \($0.path.description)" })
        await harness.close()
        XCTAssertGreaterThan(routes.count, 10)
        let documented = OpenAPIDocument.operations
        for route in routes {
            XCTAssertTrue(documented.contains(route), "\(route) is a route of reel serve but not in api/openapi.yaml")
        }
        for operation in documented.subtracting(routes) {
            XCTFail("\(operation) is in api/openapi.yaml but reel serve has no such route")
        }
    }

    func testAnotherMethodOnARoutePathIs405WithAllow() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            try await client.execute(uri: "/v1/jobs", method: .put, headers: ServiceHarness.auth) { response in
                XCTAssertEqual(response.status, .methodNotAllowed)
                XCTAssertEqual(response.headers[.allow], "GET, POST")
                XCTAssertEqual((response.json["error"] as? [String: Any])?["kind"] as? String, "method_not_allowed")
            }
            try await client.execute(uri: "/v1/jobs/some-id/events", method: .post) { response in
                XCTAssertEqual(response.status, .methodNotAllowed)
                XCTAssertEqual(response.headers[.allow], "GET")
            }
            try await client.execute(uri: "/v1/nothing", method: .put) { XCTAssertEqual($0.status, .notFound) }
            try await client.execute(uri: "/v1/jobs?limit=ten", method: .get, headers: ServiceHarness.auth) {
                response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertEqual((response.json["error"] as? [String: Any])?["kind"] as? String, "invalid_request")
            }
        }
    }

    /// A timing too large for whole milliseconds (found by the contract run) is a 400, not a trap.
    func testTimingsBeyondMillisecondsAreRefused() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            for field in ["segment_duration", "keyframe_interval"] {
                for value in ["1e20", "1e308", "-1e20"] {
                    let job = ByteBuffer(string: #"{"source":"s3://uploads/a.mp4","\#(field)":\#(value)}"#)
                    try await client.execute(uri: "/v1/jobs", method: .post, headers: ServiceHarness.auth, body: job) {
                        response in
                        XCTAssertEqual(response.status, .badRequest, "\(field): \(value)")
                    }
                }
            }
        }
    }
}
