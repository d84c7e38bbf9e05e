import Foundation
import ReelCore
import XCTest

@testable import ReelMedia

/// Random bytes are never a package, even when libavformat guesses a format for them.
final class RandomBytesTests: XCTestCase {
    /// SplitMix64: the same bytes for the same seed on every run.
    private struct SeededBytes: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private func randomFile(seed: UInt64, in directory: URL) throws -> String {
        var generator = SeededBytes(state: seed)
        var bytes = [UInt8](repeating: 0, count: 300_000)
        for index in stride(from: 0, to: bytes.count, by: 8) {
            withUnsafeBytes(of: generator.next()) { word in
                for offset in 0..<min(8, bytes.count - index) { bytes[index + offset] = word[offset] }
            }
        }
        let path = directory.appendingPathComponent("random-\(seed)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testRandomBytesThatLibavformatGuessesAtAreBadInputNotAPackage() async throws {
        let directory = try TestMedia.scratchDirectory(self)
        // Find random files libavformat opens (it sniffs H.263, LRC and the like in noise).
        var guessed: [String] = []
        for seed in UInt64(1)...400 where guessed.count < 3 {
            let path = try randomFile(seed: seed, in: directory)
            if (try? Demuxer(url: path)) != nil {
                guessed.append(path)
            } else {
                try FileManager.default.removeItem(atPath: path)
            }
        }
        XCTAssertFalse(guessed.isEmpty, "no seed gave a file libavformat opens")
        for path in guessed {
            let out = try TestMedia.scratchDirectory(self)
            do {
                let (summary, _) = try await TestMedia.package(path, ladder: TestMedia.smallLadder(), into: out)
                XCTFail("\(path) became a package of \(summary.duration) s")
            } catch {
                XCTAssertTrue(["unsupported", "invalid_input"].contains(error.kind), "\(error)")
                XCTAssertFalse(error.isRetryable)
            }
            let names = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String]) ?? []
            XCTAssertTrue(names.filter { $0.hasSuffix(".m3u8") || $0.hasSuffix(".mpd") }.isEmpty, "\(names)")
        }
    }
}
