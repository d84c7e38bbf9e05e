import Foundation
import XCTest

@testable import ReelMedia

/// The web console in Debian's Chromium, driven by Playwright (`Tests/ConsoleBrowser/
/// console_browser_test.py`): sign in, a job submitted through the form watched to 100 %, its
/// preview played to the end, a second job cancelled while it runs, a failed job retried, keyboard
/// reachability, no console errors, no request to another host, the CSP header. Screenshots at
/// 1280 and 360 px go to `.build/test-artefacts/console/`. Skipped without Chromium or without the
/// Python that has Playwright (`REEL_TEST_PLAYWRIGHT_PYTHON`, which scripts/test sets).
final class ConsoleBrowserTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func testTheConsoleInChromium() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let python = environment["REEL_TEST_PLAYWRIGHT_PYTHON"],
            FileManager.default.isExecutableFile(atPath: python)
        else { throw XCTSkip("REEL_TEST_PLAYWRIGHT_PYTHON is unset (scripts/test installs Playwright and sets it)") }
        let chromium = environment["REEL_TEST_CHROMIUM"] ?? "/usr/bin/chromium"
        guard FileManager.default.isExecutableFile(atPath: chromium) else {
            throw XCTSkip("no Chromium at \(chromium) (apt-get install chromium)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "reel-console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        // Two renditions (480p, 360p) for the rendition picker; the long clip takes many seconds
        // to package, so it is still running when the test cancels it.
        let short = try clip(directory, name: "colour-bars.mp4", seconds: 4, width: 854, height: 480)
        let long = try clip(directory, name: "long-talk.mp4", seconds: 90, width: 854, height: 480)
        let artefacts = Self.root.appendingPathComponent(".build/test-artefacts/console")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            Self.root.appendingPathComponent("Tests/ConsoleBrowser/console_browser_test.py").path,
            "--reel", try ServeProcess.executable(), "--short", short.path, "--long", long.path,
            "--artefacts", artefacts.path, "--chromium", chromium,
        ]
        let output = Pipe()
        let errors = directory.appendingPathComponent("browser.log")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let report = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let log = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        if process.terminationStatus == 77 { throw XCTSkip(log) }
        XCTAssertEqual(process.terminationStatus, 0, log)
        let summary = (try? JSONSerialization.jsonObject(with: report)) as? [String: Any] ?? [:]
        XCTAssertEqual(summary["passed"] as? Bool, true, "\(String(decoding: report, as: UTF8.self))\n\(log)")
        XCTAssertEqual((summary["screenshots"] as? [String])?.count, 12, "\(summary)")
    }

    private func clip(_ directory: URL, name: String, seconds: Double, width: Int, height: Int) throws -> URL {
        var clip = SampleClip()
        clip.width = width
        clip.height = height
        clip.duration = seconds
        let url = directory.appendingPathComponent(name)
        try clip.write(to: url.path)
        return url
    }
}
