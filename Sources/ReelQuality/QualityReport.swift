/// `quality.json`: how close each video rendition of a package is to its source, as PSNR and
/// SSIM per rendition and per segment, with the rate–quality points a per-title ladder adds.
///
/// ```json
/// {"version": 1, "source": "talk.mp4", "measured": "while packaging",
///  "metrics": {"psnr": "…", "ssim": "…", "vmaf": "not measured: …"},
///  "renditions": [{"id": "v720p", "width": 1280, "height": 720, "bitrate": 2904113,
///                  "psnr": {"mean": 41.87, "min": 38.02}, "ssim": {"mean": 0.9812, "min": 0.9644},
///                  "segments": [{"number": 1, "start": 0, "duration": 6, "bytes": 2178085,
///                                "bitrate": 2904113, "frames": 180, "psnr": 41.87, …}]}]}
/// ```
/// `trials`, `hull`, `chosen` and `perTitle` are absent until a per-title analysis fills them.
public struct QualityReport: Sendable, Equatable, Codable {
    /// The schema's version; 1.
    public var version = 1
    /// The source the renditions were measured against, as named.
    public var source: String
    /// The manifest the renditions were read from (`reel quality`), relative to the report, or
    /// nil when measured while packaging.
    public var manifest: String?
    /// `while packaging` or `from the package`.
    public var measured: String
    /// What the figures mean.
    public var metrics: QualityMetricNotes
    /// One entry per video rendition, in ladder (manifest) order.
    public var renditions: [RenditionQuality]
    /// Per-title: the trial encodes' rate–quality points.
    public var trials: [RateQualityPoint]?
    /// Per-title: the points on the convex hull of the trials, by bitrate.
    public var hull: [RateQualityPoint]?
    /// Per-title: the rungs chosen from the hull.
    public var chosen: [RateQualityPoint]?
    /// Per-title: what was chosen and why.
    public var perTitle: PerTitleDecision?

    /// Creates a report.
    /// - Parameters:
    ///   - source: The source as named; a URL's query, fragment and user information (signed
    ///     URLs carry their signature there) are left out, since the report is part of the package.
    ///   - manifest: The manifest read, when the package was measured after the fact.
    ///   - measured: `while packaging` or `from the package`.
    ///   - renditions: The video renditions' figures.
    ///   - metrics: What the figures mean.
    public init(
        source: String, manifest: String? = nil, measured: String, renditions: [RenditionQuality],
        metrics: QualityMetricNotes = QualityMetricNotes()
    ) {
        self.source = Self.publicName(of: source)
        self.manifest = manifest
        self.measured = measured
        self.renditions = renditions
        self.metrics = metrics
    }

    enum CodingKeys: String, CodingKey {
        case version, source, manifest, measured, metrics, renditions, trials, hull, chosen
        case perTitle = "per_title"
    }

    /// How the report says it was made while packaging.
    public static let measuredWhilePackaging = "while packaging"
    /// How the report says it was made from an existing package.
    public static let measuredFromPackage = "from the package"

    /// A source's name without what must not be published: for a URL
    /// (`https://user:pass@host/talk.mp4?X-Amz-Signature=…#t=1`), its query, fragment and user
    /// information (`https://host/talk.mp4`); a path stays as it is.
    static func publicName(of source: String) -> String {
        guard let scheme = source.firstRange(of: "://") else { return source }
        var rest = source[scheme.upperBound...]
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        if let at = rest[..<hostEnd].lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        return String(source[..<scheme.upperBound]) + rest
    }
}
