public import ReelQuality

/// The quality report in a run's summary and a job's result: where its two files are and each
/// video rendition's headline figures.
///
/// ```json
/// "quality_report": {"json": "quality.json", "svg": "quality.svg",
///                    "renditions": [{"id": "v720p", "width": 1280, "height": 720, "bitrate": 2904113,
///                                    "psnr": 41.87, "ssim": 0.9812}]}
/// ```
public struct QualityReportSummary: Sendable, Equatable, Codable {
    /// `quality.json`, relative to the package (a job's result: its URL or location).
    public var json: String
    /// `quality.svg`, likewise.
    public var svg: String
    /// One entry per measured video rendition.
    public var renditions: [Score]
    /// For a per-title ladder: what was chosen and why (as in `quality.json`).
    public var perTitle: PerTitleDecision?

    /// A rendition's headline figures.
    public struct Score: Sendable, Equatable, Codable {
        public var id: String
        public var width: Int
        public var height: Int
        /// Measured bit rate, bits per second.
        public var bitrate: Int
        /// PSNR of the mean MSE, dB.
        public var psnr: Double
        /// Mean SSIM.
        public var ssim: Double
    }

    /// The summary of a report written at `json` and `svg`.
    /// - Parameters:
    ///   - report: The report.
    ///   - json: Where `quality.json` is.
    ///   - svg: Where `quality.svg` is.
    public init(_ report: QualityReport, json: String, svg: String) {
        self.json = json
        self.svg = svg
        renditions = report.renditions.map {
            Score(
                id: $0.id, width: $0.width, height: $0.height, bitrate: $0.bitrate, psnr: $0.psnr.mean,
                ssim: $0.ssim.mean)
        }
        perTitle = report.perTitle
    }

    enum CodingKeys: String, CodingKey {
        case json, svg, renditions
        case perTitle = "per_title"
    }
}
