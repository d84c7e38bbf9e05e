import Crypto
import Foundation
import ReelCore

/// Everything besides the source bytes that decides a package: the ladder's settings, the formats,
/// the HLS segment container and, for a job that names its own output, that output (its package
/// is a zip or lives elsewhere, and is not shared). Two jobs with the same content id and recipe
/// make the same package.
struct PackageRecipe: Encodable {
    let ladder: Ladder
    let formats: [String]
    let hlsSegments: String
    let output: String?

    init(ladder: Ladder, spec: JobSpec) {
        self.ladder = ladder
        formats = Set(spec.formats.map(\.rawValue)).sorted()
        hlsSegments = (spec.hlsSegments ?? .fmp4).rawValue
        output = spec.output
    }

    /// The SHA-256 of the recipe's canonical JSON, in lowercase hex.
    var hash: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data()
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
