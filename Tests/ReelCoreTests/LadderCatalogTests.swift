import Foundation
import XCTest

@testable import ReelCore

final class LadderCatalogTests: XCTestCase {
    private func write(_ name: String, summary: String = "", in directory: URL, fileName: String? = nil) throws {
        let yaml = "name: \(name)\nsummary: \(summary)\naudio:\n  - {name: a, bitrate: 64k}\n"
        try yaml.write(
            to: directory.appendingPathComponent(fileName ?? "\(name).yaml"), atomically: true, encoding: .utf8)
    }

    func testDefaultSearchPathOrder() {
        let cwd = URL(fileURLWithPath: "/srv/work", isDirectory: true)
        let paths = LadderCatalog.defaultSearchPaths(
            environment: ["REEL_LADDERS_PATH": "/etc/reel/ladders::custom"], currentDirectory: cwd,
            executable: URL(fileURLWithPath: "/opt/reel/bin/reel"))
        XCTAssertEqual(
            paths.map(\.path),
            [
                "/etc/reel/ladders", "/srv/work/custom", "/srv/work/ladders", "/opt/reel/share/reel/ladders",
                LadderFixtures.presetsDirectory.standardizedFileURL.path,
            ])
    }

    func testDefaultSearchPathHasNoDuplicates() {
        let checkout = LadderFixtures.presetsDirectory.deletingLastPathComponent()
        let paths = LadderCatalog.defaultSearchPaths(
            environment: ["REEL_LADDERS_PATH": checkout.appendingPathComponent("ladders").path],
            currentDirectory: checkout, executable: nil)
        XCTAssertEqual(paths.map(\.path), [LadderFixtures.presetsDirectory.standardizedFileURL.path])
    }

    func testFindsShippedPresetsFromAnyDirectory() throws {
        // A binary built from the checkout finds `ladders/` through #filePath, whatever its working directory.
        let elsewhere = try LadderFixtures.temporaryDirectory(for: self)
        let catalog = LadderCatalog(
            searchPaths: LadderCatalog.defaultSearchPaths(
                environment: [:], currentDirectory: elsewhere, executable: nil))
        XCTAssertEqual(try catalog.resolve("web").rungs.count, 4)
        XCTAssertEqual(try catalog.resolve("apple-avc").rungs.count, 9)
        XCTAssertEqual(try LadderCatalog().resolve("audio-only").name, "audio-only")
    }

    func testFirstDirectoryWinsPerName() throws {
        let first = try LadderFixtures.temporaryDirectory(for: self)
        let second = try LadderFixtures.temporaryDirectory(for: self)
        try write("web", summary: "override", in: first)
        try write("web", summary: "shipped", in: second)
        try write("extra", summary: "only here", in: second, fileName: "extra.yml")
        try "not a preset".write(to: second.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)

        let catalog = LadderCatalog(searchPaths: [first, URL(fileURLWithPath: "/nonexistent/reel"), second])
        XCTAssertEqual(try catalog.resolve("web").summary, "override")
        XCTAssertEqual(try catalog.resolve("extra").summary, "only here")
        XCTAssertEqual(catalog.names(), ["extra", "web"])
        XCTAssertEqual(try catalog.all().map(\.summary), ["only here", "override"])
    }

    func testMissingNameListsAvailablePresets() throws {
        let catalog = LadderCatalog(searchPaths: [LadderFixtures.presetsDirectory])
        XCTAssertThrowsError(try catalog.resolve("webb")) { error in
            XCTAssertEqual(
                (error as? LadderError)?.description,
                "webb: no such ladder preset; available: apple-avc, apple-hevc, audio-only, auto, web")
        }
        let empty = LadderCatalog(searchPaths: [URL(fileURLWithPath: "/nonexistent/reel")])
        XCTAssertThrowsError(try empty.resolve("web")) { error in
            XCTAssertEqual(
                (error as? LadderError)?.message,
                "no such ladder preset; no presets found in /nonexistent/reel (see REEL_LADDERS_PATH)")
        }
    }

    func testTheCommandLineLoadsPresetFilesByPath() throws {
        let directory = try LadderFixtures.temporaryDirectory(for: self)
        try write("custom", summary: "by path", in: directory)
        let catalog = LadderCatalog(searchPaths: [])
        XCTAssertEqual(
            try catalog.loadPreset(nameOrFile: directory.appendingPathComponent("custom.yaml").path).summary, "by path")
        XCTAssertThrowsError(try catalog.loadPreset(nameOrFile: directory.appendingPathComponent("gone.yaml").path)) {
            error in
            XCTAssertEqual((error as? LadderError)?.message, "no such file")
        }
    }

    func testResolveTakesNamesOnlyAndNeverOpensAPath() throws {
        let directory = try LadderFixtures.temporaryDirectory(for: self)
        try write("custom", summary: "by path", in: directory)
        // A file whose text would show up in a YAML error if it were ever parsed.
        let secret = directory.appendingPathComponent("secret.yaml")
        try "REEL_API_TOKEN=top-secret-value\n".write(to: secret, atomically: true, encoding: .utf8)
        let catalog = LadderCatalog(searchPaths: [LadderFixtures.presetsDirectory])
        for reference in [
            directory.appendingPathComponent("custom.yaml").path, secret.path, "/proc/self/environ", "/etc/passwd",
            "../../../../etc/hostname", "web.yaml", "./web", "web/", "..", ".", "", "we b", "web\u{0}",
            String(repeating: "a", count: 65), "ladders/web",
        ] {
            XCTAssertThrowsError(try catalog.resolve(reference), reference) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("not a preset name"), text)
                XCTAssertFalse(text.contains("top-secret-value"), text)
                XCTAssertFalse(text.contains("root:"), text)
                XCTAssertFalse(text.contains("\u{0}"), text)
            }
        }
        XCTAssertEqual(try catalog.resolve("web").name, "web")
        XCTAssertTrue(LadderCatalog.isPresetName("apple-avc"))
        XCTAssertTrue(LadderCatalog.isPresetName("my_ladder-2"))
        XCTAssertFalse(LadderCatalog.isPresetName("-web"))
    }

    func testNameMustMatchFileName() throws {
        let directory = try LadderFixtures.temporaryDirectory(for: self)
        try write("web", in: directory, fileName: "copy.yaml")
        let catalog = LadderCatalog(searchPaths: [directory])
        XCTAssertThrowsError(try catalog.resolve("copy")) { error in
            let error = error as? LadderError
            XCTAssertEqual(error?.source, directory.appendingPathComponent("copy.yaml").standardizedFileURL.path)
            XCTAssertEqual(error?.line, 1)
            XCTAssertEqual(error?.column, 7)
            XCTAssertEqual(error?.field, "name")
            XCTAssertEqual(error?.message, #""web" does not match the file name copy.yaml"#)
        }
    }

    func testAllFailsOnAnInvalidPreset() throws {
        let directory = try LadderFixtures.temporaryDirectory(for: self)
        try write("good", in: directory)
        try "name: bad\naudio: [{name: a, bitrate: 64kk}]\n".write(
            to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LadderCatalog(searchPaths: [directory]).all()) { error in
            XCTAssertEqual((error as? LadderError)?.field, "audio[0].bitrate")
        }
    }
}
