import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import ReelService

/// The web console: `/` and `/console/{file}` serve exactly the files of `console/`, with a strict
/// Content-Security-Policy, and the files use nothing the policy would refuse.
final class ConsoleRoutesTests: XCTestCase {
    /// The repository's `console/`, from this file's path.
    private static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("console")

    private static func files() throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            files[name] = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    func testTheBinaryServesTheFilesOfConsole() throws {
        let files = try Self.files()
        XCTAssertEqual(
            Set(ConsoleAssets.texts.keys), Set(files.keys),
            "ConsoleAssets+Files.swift is not console/: run scripts/lib/console-assets.py and build again")
        for (name, text) in files {
            XCTAssertTrue(
                ConsoleAssets.texts[name] == text, "\(name) changed: run scripts/lib/console-assets.py and build again")
        }
    }

    func testThePageAndItsFilesCarryTheSecurityHeadersAndRevalidate() async throws {
        let harness = try await ServiceHarness()
        try await harness.test { client in
            for (uri, type) in [
                ("/", "text/html; charset=utf-8"), ("/console/app.js", "text/javascript; charset=utf-8"),
                ("/console/console.css", "text/css; charset=utf-8"), ("/console/favicon.svg", "image/svg+xml"),
            ] {
                let etag = try await client.execute(uri: uri, method: .get) { response in
                    XCTAssertEqual(response.status, .ok, uri)
                    XCTAssertEqual(response.headers[.contentType], type, uri)
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    for directive in [
                        "default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                        "object-src 'none'", "base-uri 'none'", "require-trusted-types-for 'script'",
                    ] {
                        XCTAssertTrue(policy.contains(directive), "\(uri): \(directive) in \(policy)")
                    }
                    XCTAssertFalse(policy.contains("unsafe"), policy)
                    XCTAssertEqual(response.headers[.xContentTypeOptions], "nosniff")
                    XCTAssertEqual(response.headers[HTTPField.Name("Referrer-Policy")!], "no-referrer")
                    XCTAssertEqual(response.headers[.cacheControl], "no-cache")
                    return try XCTUnwrap(response.headers[.eTag])
                }
                try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag]) { response in
                    XCTAssertEqual(response.status, .notModified, uri)
                    XCTAssertEqual(response.body.readableBytes, 0)
                }
            }
            try await client.execute(uri: "/console/missing.js", method: .get) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            try await client.execute(uri: "/console/..%2Fapi%2Fopenapi.yaml", method: .get) { response in
                XCTAssertEqual(response.status, .notFound)
            }
        }
    }

    func testTheConsoleCanBeTurnedOff() async throws {
        let harness = try await ServiceHarness { $0.console = false }
        try await harness.test { client in
            try await client.execute(uri: "/", method: .get) { XCTAssertEqual($0.status, .notFound) }
            try await client.execute(uri: "/console/app.js", method: .get) { XCTAssertEqual($0.status, .notFound) }
        }
    }

    /// Nothing the policy refuses, and nothing from elsewhere: no inline script or style, no
    /// handler attributes, no `innerHTML`/`eval`, no absolute URL; every module and asset a file
    /// names is one of the console's.
    func testTheFilesNeedNothingThePolicyRefuses() throws {
        let files = try Self.files()
        let html = try XCTUnwrap(files["index.html"])
        XCTAssertNil(html.range(of: #"<script(?![^>]*\bsrc=)"#, options: .regularExpression), "inline script")
        XCTAssertNil(html.range(of: "<style", options: .caseInsensitive), "inline style")
        XCTAssertNil(html.range(of: #"\sstyle=|\son[a-z]+="#, options: .regularExpression), "inline style or handler")
        for (name, text) in files where name.hasSuffix(".js") {
            for forbidden in [
                "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
            ] {
                XCTAssertFalse(text.contains(forbidden), "\(name) uses \(forbidden)")
            }
            XCTAssertFalse(text.contains("setAttribute(\"style\""), "\(name) sets a style attribute")
            // Modules it imports are console files.
            let imports = text.matches(of: /from "\.\/([a-z-]+\.js)"/).map { String($0.1) }
            for module in imports { XCTAssertNotNil(files[module], "\(name) imports \(module)") }
        }
        for (name, text) in files where !name.hasSuffix(".svg") {
            XCTAssertNil(
                text.range(of: #"(src|href)=["']?(https?:)?//"#, options: .regularExpression),
                "\(name) names another host")
            XCTAssertNil(text.range(of: #"url\(["']?(https?:)?//"#, options: .regularExpression), name)
        }
        let referenced = html.matches(of: /(?:src|href)="\/console\/([^"]+)"/).map { String($0.1) }
        XCTAssertFalse(referenced.isEmpty)
        for file in referenced { XCTAssertNotNil(ConsoleAssets.asset(named: file), "index.html names \(file)") }
    }
}
