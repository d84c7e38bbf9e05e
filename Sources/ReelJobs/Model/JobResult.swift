import ReelCore

/// What a succeeded job produced.
public struct JobResult: Sendable, Equatable, Codable {
    /// The package's destination (directory, `NAME.zip` or `s3://BUCKET/PREFIX/`).
    public var output: String
    /// Manifest locations by format: `hls` → `…/master.m3u8`, `dash` → `…/manifest.mpd`.
    public var manifests: [String: String]
    /// SHA-256 of the source bytes.
    public var contentID: String
    /// A hash of everything besides the source that decides the package (ladder, formats, segmenting).
    public var recipe: String
    /// One entry per rendition.
    public var renditions: [RenditionSummary]
    /// Bytes written.
    public var bytes: Int
    /// Presentation duration in seconds.
    public var duration: Double
    /// Wall-clock seconds of the packaging run (0 when reused).
    public var wallTime: Double
    /// The earlier job whose package this one reuses, for a duplicate upload.
    public var reusedFrom: JobID?

    /// Creates a result.
    public init(
        output: String, manifests: [String: String], contentID: String, recipe: String,
        renditions: [RenditionSummary], bytes: Int, duration: Double, wallTime: Double, reusedFrom: JobID? = nil
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
    }

    enum CodingKeys: String, CodingKey {
        case output, manifests, recipe, renditions, bytes, duration
        case contentID = "content_id"
        case wallTime = "wall_time"
        case reusedFrom = "reused_from"
    }
}
