import XCTest

@testable import ReelManifest

/// Compares whole texts and, on a mismatch, names the first differing line.
func assertText(_ actual: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
    guard actual != expected else { return }
    let actualLines = actual.components(separatedBy: "\n")
    let expectedLines = expected.components(separatedBy: "\n")
    let common = min(actualLines.count, expectedLines.count)
    let index = (0..<common).first { actualLines[$0] != expectedLines[$0] } ?? common
    let got = index < actualLines.count ? actualLines[index] : "<end of text>"
    let want = index < expectedLines.count ? expectedLines[index] : "<end of text>"
    XCTFail(
        "text differs at line \(index + 1):\n  got:  \(got)\n  want: \(want)\n--- full text ---\n\(actual)",
        file: file, line: line)
}

/// The lines of `text` that start with `prefix`.
func lines(_ text: String, startingWith prefix: String) -> [String] {
    text.components(separatedBy: "\n").filter { $0.hasPrefix(prefix) }
}

/// The text of the file at `path` among `files`; a test failure (and "") when it is missing.
func text(of path: String, in files: [ManifestFile], file: StaticString = #filePath, line: UInt = #line) -> String {
    guard let match = files.first(where: { $0.path == path }) else {
        XCTFail("no \(path) among \(files.map(\.path))", file: file, line: line)
        return ""
    }
    return match.text
}
