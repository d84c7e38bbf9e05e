import Foundation
import ReelCore

/// What a succeeded job produced.
public struct JobResult: Sendable, Equatable, Codable {
    /// The package's destination (directory, `NAME.zip` or `s3://BUCKET/PREFIX/`).
    var output: String
    /// Manifest locations by format: `hls` → `…/master.m3u8`, `dash` → `…/manifest.mpd`.
    var manifests: [String: String]
    /// SHA-256 of the source bytes.
    var contentID: String
    /// A hash of everything besides the source that decides the package (ladder, formats, segmenting).
    var recipe: String
    /// One entry per rendition.
    var renditions: [RenditionSummary]
    /// Bytes written.
    var bytes: Int
    /// Presentation duration in seconds.
    var duration: Double
    /// Wall-clock seconds of the packaging run (0 when reused).
    var wallTime: Double
    /// The earlier job whose package this one reuses, for a duplicate upload.
    var reusedFrom: JobID?
    /// The quality report (`quality_report` in the request): where `quality.json` and
    /// `quality.svg` are, like the manifests, and each video rendition's PSNR and SSIM.
    var qualityReport: QualityReportSummary?
    /// The audio renditions' loudness normalisation (renditions with a loudness target).
    var loudness: [LoudnessSummary]?
    /// Every file of the package (path relative to `output` → bytes), so that a later duplicate
    /// reuses the package only while all of it is in place. Kept in the store only: the API, events
    /// and callbacks leave it out (a long package has thousands of files).
    var files: [String: Int]?

    /// Creates a result.
    init(
        output: String, manifests: [String: String], contentID: String, recipe: String,
        renditions: [RenditionSummary], bytes: Int, duration: Double, wallTime: Double, reusedFrom: JobID? = nil,
        files: [String: Int]? = nil
    ) {
        self.output = output
        self.manifests = manifests
        self.contentID = contentID
        self.recipe = recipe
        self.renditions = renditions
        self.bytes = bytes
        self.duration = duration
        self.wallTime = wallTime
        self.reusedFrom = reusedFrom
        self.files = files
    }

    /// Set to `true` in an encoder's `userInfo` to include `files` (the stores do).
    static let storeFormKey = CodingUserInfoKey(rawValue: "reel.result.store-form")!

    enum CodingKeys: String, CodingKey {
        case output, manifests, recipe, renditions, bytes, duration
        case contentID = "content_id"
        case wallTime = "wall_time"
        case reusedFrom = "reused_from"
        case qualityReport = "quality_report"
        case loudness
        case files
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        output = try container.decode(String.self, forKey: .output)
        manifests = try container.decode([String: String].self, forKey: .manifests)
        contentID = try container.decode(String.self, forKey: .contentID)
        recipe = try container.decode(String.self, forKey: .recipe)
        renditions = try container.decode([RenditionSummary].self, forKey: .renditions)
        bytes = try container.decode(Int.self, forKey: .bytes)
        duration = try container.decode(Double.self, forKey: .duration)
        wallTime = try container.decode(Double.self, forKey: .wallTime)
        reusedFrom = try container.decodeIfPresent(JobID.self, forKey: .reusedFrom)
        qualityReport = try container.decodeIfPresent(QualityReportSummary.self, forKey: .qualityReport)
        loudness = try container.decodeIfPresent([LoudnessSummary].self, forKey: .loudness)
        files = try container.decodeIfPresent([String: Int].self, forKey: .files)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(output, forKey: .output)
        try container.encode(manifests, forKey: .manifests)
        try container.encode(contentID, forKey: .contentID)
        try container.encode(recipe, forKey: .recipe)
        try container.encode(renditions, forKey: .renditions)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(duration, forKey: .duration)
        try container.encode(wallTime, forKey: .wallTime)
        try container.encodeIfPresent(reusedFrom, forKey: .reusedFrom)
        try container.encodeIfPresent(qualityReport, forKey: .qualityReport)
        try container.encodeIfPresent(loudness, forKey: .loudness)
        if encoder.userInfo[Self.storeFormKey] as? Bool == true {
            try container.encodeIfPresent(files, forKey: .files)
        }
    }
}
