import Foundation
import XCTest

@testable import ReelCore

/// Paths and helpers shared by the ladder tests.
enum LadderFixtures {
    /// The checkout's `ladders/` directory with the shipped presets.
    static let presetsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ReelCoreTests/
        .deletingLastPathComponent()  // Tests/
        .deletingLastPathComponent()  // the checkout
        .appendingPathComponent("ladders", isDirectory: true)

    /// The 1-based line and column of the first occurrence of `marker` in `text`, counted as Yams counts them
    /// (columns in Unicode scalars). In `"height: |0"` the `|` marks the position within the matched text.
    static func position(of marker: String, in text: String) -> (line: Int, column: Int)? {
        let parts = marker.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let prefix = parts.count == 2 ? String(parts[0]) : ""
        let needle = parts.joined()
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            if let range = line.range(of: needle) {
                let column = line.unicodeScalars.distance(from: line.startIndex, to: range.lowerBound)
                return (index + 1, column + prefix.unicodeScalars.count + 1)
            }
        }
        return nil
    }

    /// The error that loading `yaml` throws, failing the test when it loads.
    static func loadError(
        _ yaml: String, source: String = "test.yaml", file: StaticString = #filePath, line: UInt = #line
    ) -> LadderError? {
        do {
            let ladder = try LadderLoader.load(yaml: yaml, source: source)
            XCTFail("expected an error, loaded \(ladder)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    /// Asserts that loading `yaml` fails at the first occurrence of `marker`, naming `field`, with a message
    /// that contains `message`.
    static func assertError(
        _ yaml: String, at marker: String, field: String, message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let error = loadError(yaml, file: file, line: line) else { return }
        guard let position = position(of: marker, in: yaml) else {
            return XCTFail("marker \(marker) is not in the YAML", file: file, line: line)
        }
        XCTAssertEqual(error.source, "test.yaml", file: file, line: line)
        XCTAssertEqual(error.line, position.line, "line of \(error)", file: file, line: line)
        XCTAssertEqual(error.column, position.column, "column of \(error)", file: file, line: line)
        XCTAssertEqual(error.field, field, "\(error)", file: file, line: line)
        XCTAssertTrue(error.message.contains(message), "\(error) should contain \(message)", file: file, line: line)
    }

    /// A fresh temporary directory, removed when the test ends.
    static func temporaryDirectory(for testCase: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("reel-ladders-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        testCase.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
