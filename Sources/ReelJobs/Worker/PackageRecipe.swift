import Crypto
import Foundation
import ReelCore
import ReelManifest

/// Everything besides the source bytes that decides a package: the ladder's settings, the formats,
/// the HLS segment container, the timing, subtitles, thumbnails and poster, the quality report and, for a job that names its own output, that output (its package
/// is a zip or lives elsewhere, and is not shared), and the job's owner (one tenant's job never
/// points into another tenant's package). Two jobs with the same content id and recipe make the
/// same package. Package-only jobs differ from transcoding ones and list their inputs; an encrypted
/// job's package is its own (its keys are not another job's), so its recipe names the job.
struct PackageRecipe: Encodable {
    let ladder: Ladder
    let formats: [String]
    let hlsSegments: String
    let segmentDuration: Double?
    let keyframeInterval: Double?
    let subtitles: [SubtitleInput]
    let thumbnails: ThumbnailOptions?
    let poster: Double?
    let output: String?
    let owner: String?
    let packageOnly: Bool
    let inputs: [MediaInput]
    let encryptedJob: String?
    /// Whether the package holds a quality report; absent (not false) without one, so recipes of
    /// jobs stored before the field existed keep their hash.
    let qualityReport: Bool?
    /// The ad-break instants; absent without any.
    let cuePoints: [Double]?
    /// The request's loudness target for every audio rendition; absent without one.
    let loudness: LoudnessTarget?

    init(ladder: Ladder, job: Job) {
        self.ladder = ladder
        formats = Set(job.spec.formats.map(\.rawValue)).sorted()
        hlsSegments = (job.spec.hlsSegments ?? .fmp4).rawValue
        segmentDuration = job.spec.segmentDuration
        keyframeInterval = job.spec.keyframeInterval
        subtitles = job.spec.subtitles
        thumbnails = job.spec.thumbnails
        poster = job.spec.poster
        output = job.spec.output
        owner = job.owner
        packageOnly = job.spec.packageOnly
        inputs = job.spec.inputs
        encryptedJob = job.spec.encryption == nil ? nil : "\(job.id)"
        qualityReport = job.spec.qualityReport ? true : nil
        cuePoints = job.spec.cuePoints.isEmpty ? nil : job.spec.cuePoints
        loudness = job.spec.loudness
    }

    /// The SHA-256 of the recipe's canonical JSON, in lowercase hex.
    var hash: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data()
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
