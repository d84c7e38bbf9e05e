/// What a packaging run reports while it works, in order: for a per-title ladder first
/// `analysis` after each sampled stretch of the trial encodes; then `started`, then `progress`,
/// `segmentWritten` and `warning` events interleaved, then `manifestWritten` for each manifest
/// and finally `completed`. Fractions never go backwards and `completed` reports 1.0.
public enum ProgressEvent: Sendable, Equatable {
    case analysis(AnalysisProgress)
    case started(StartedEvent)
    case progress(ProgressUpdate)
    case segmentWritten(SegmentWritten)
    case manifestWritten(ManifestWritten)
    case warning(String)
    case completed(PackageSummary)

    /// The event's name in JSON (`analysis`, `started`, `progress`, `segment`, `manifest`, `warning`,
    /// `completed`).
    public var name: String {
        switch self {
        case .analysis: "analysis"
        case .started: "started"
        case .progress: "progress"
        case .segmentWritten: "segment"
        case .manifestWritten: "manifest"
        case .warning: "warning"
        case .completed: "completed"
        }
    }
}

/// Facts about the source and the plan, sent once at the start.
public struct StartedEvent: Sendable, Equatable, Codable {
    public var source: String
    /// Container format name.
    public var container: String
    /// Source duration in seconds (0 when unknown).
    public var duration: Double
    /// One line per source stream, e.g. `#0 video h264 1920x1080 30.000 fps`.
    var streams: [String]
    /// The renditions that will be built, e.g. `v720p 1280x720 30.000 fps 3000k`.
    public var renditions: [String]
}

/// Progress of one rendition.
struct RenditionProgress: Sendable, Equatable, Codable {
    var rendition: String
    /// Seconds of output produced.
    var outTime: Double
    /// Frames (video) or audio frames encoded.
    var frames: Int
    /// Encoding rate in frames per second.
    var fps: Double
    /// Output bitrate so far, bits per second.
    var bitrate: Int
}

/// Overall progress: the slowest rendition decides the fraction.
public struct ProgressUpdate: Sendable, Equatable, Codable {
    /// 0…1, never decreasing.
    public var fraction: Double
    /// Seconds of the presentation completed by every rendition.
    public var outTime: Double
    /// Video frames per second across the run (frames of the slowest rendition / wall time).
    public var fps: Double
    /// Presentation seconds per wall-clock second.
    public var speed: Double
    /// Wall-clock seconds since the start.
    var elapsed: Double
    var renditions: [RenditionProgress]
}

/// A segment that reached the output.
public struct SegmentWritten: Sendable, Equatable, Codable {
    var rendition: String
    /// 1-based segment number.
    var index: Int
    var path: String
    var bytes: Int
    /// Seconds.
    var duration: Double
}

/// A manifest that reached the output.
public struct ManifestWritten: Sendable, Equatable, Codable {
    var path: String
    var bytes: Int
}

/// The result of a successful run.
public struct PackageSummary: Sendable, Equatable, Codable {
    var source: String
    /// Presentation duration in seconds.
    public var duration: Double
    /// One entry per rendition.
    public var renditions: [RenditionSummary]
    /// Manifest paths, e.g. `master.m3u8`, `manifest.mpd`.
    public var manifests: [String]
    /// Bytes written in total.
    public var totalBytes: Int
    /// Wall-clock seconds.
    public var wallTime: Double
    /// SHA-256 of the source bytes when known.
    public var contentID: String?
    /// Number of warnings emitted.
    var warnings: Int
    /// The quality report's files and headline figures, when one was asked for.
    public var qualityReport: QualityReportSummary?
    /// The audio renditions' loudness normalisation, for renditions with a loudness target.
    public var loudness: [LoudnessSummary]?
}

/// One rendition in the summary.
public struct RenditionSummary: Sendable, Equatable, Codable {
    public var id: String
    public var kind: String
    public var codecs: String
    public var width: Int?
    public var height: Int?
    var frameRate: Double?
    public var segments: Int
    var bytes: Int
    /// Measured peak segment bitrate, bits per second.
    public var peakBitrate: Int
    /// Measured average bitrate, bits per second.
    public var averageBitrate: Int
    /// Whether the rendition is a source stream copied as it is (package-only, a passthrough
    /// rung) rather than encoded.
    public var copied = false

    /// snake_case everywhere the summary is stored or sent (JSON lines, job results, callbacks).
    enum CodingKeys: String, CodingKey {
        case id, kind, codecs, width, height, segments, bytes
        case frameRate = "frame_rate"
        case peakBitrate = "peak_bitrate"
        case averageBitrate = "average_bitrate"
        case copied
    }
}

extension RenditionSummary {
    /// Reads a summary; results stored before `copied` existed read as encoded.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        kind = try c.decode(String.self, forKey: .kind)
        codecs = try c.decode(String.self, forKey: .codecs)
        width = try c.decodeIfPresent(Int.self, forKey: .width)
        height = try c.decodeIfPresent(Int.self, forKey: .height)
        frameRate = try c.decodeIfPresent(Double.self, forKey: .frameRate)
        segments = try c.decode(Int.self, forKey: .segments)
        bytes = try c.decode(Int.self, forKey: .bytes)
        peakBitrate = try c.decode(Int.self, forKey: .peakBitrate)
        averageBitrate = try c.decode(Int.self, forKey: .averageBitrate)
        copied = try c.decodeIfPresent(Bool.self, forKey: .copied) ?? false
    }
}
