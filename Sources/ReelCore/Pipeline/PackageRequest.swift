import ReelManifest
import ReelMedia

/// The manifest formats a package can carry.
public enum ManifestFormat: String, Sendable, Codable, CaseIterable {
    case hls
    case dash
}

/// The segment container for HLS.
public enum HLSSegmentFormat: String, Sendable, Codable, CaseIterable {
    /// CMAF fMP4, shared with DASH.
    case fmp4
    /// MPEG-TS for legacy HLS clients (DASH keeps fMP4).
    case ts
}

/// What to package and how.
public struct PackageRequest: Sendable {
    /// The source by reference: a path, `file://`, `http(s)://`, `s3://BUCKET/KEY` or `data:` URI.
    public var source: String
    public var ladder: Ladder
    public var formats: Set<ManifestFormat>
    /// Overrides the ladder's segment duration (seconds).
    public var segmentDuration: Double?
    /// Overrides the ladder's keyframe interval (seconds).
    public var keyframeInterval: Double?
    public var hlsSegments: HLSSegmentFormat
    /// Seconds a single blocking read of the source may take.
    public var readTimeout: Double
    /// How remote sources are read (retries, S3 endpoint); `readTimeout` overrides its timeout.
    public var sourceOptions = MediaSourceOptions()
    /// Subtitle sidecar files (WebVTT, SRT, ASS/SSA, …) to package with the source's own text
    /// subtitle tracks, which are always picked up.
    public var subtitles: [SubtitleInput] = []

    public init(
        source: String, ladder: Ladder, formats: Set<ManifestFormat> = [.hls, .dash],
        segmentDuration: Double? = nil, keyframeInterval: Double? = nil, hlsSegments: HLSSegmentFormat = .fmp4,
        readTimeout: Double = 30
    ) {
        self.source = source
        self.ladder = ladder
        self.formats = formats
        self.segmentDuration = segmentDuration
        self.keyframeInterval = keyframeInterval
        self.hlsSegments = hlsSegments
        self.readTimeout = readTimeout
    }

    /// The container HLS playlists refer to.
    var hlsContainer: SegmentContainer { hlsSegments == .ts ? .mpegts : .fmp4 }

    /// The containers the renditions are written in: fMP4 for DASH (and HLS unless it uses TS),
    /// MPEG-TS when HLS asks for it.
    var containers: [SegmentContainer] {
        var result: [SegmentContainer] = []
        if formats.contains(.dash) || (formats.contains(.hls) && hlsSegments == .fmp4) { result.append(.fmp4) }
        if formats.contains(.hls) && hlsSegments == .ts { result.append(.mpegts) }
        return result
    }

    /// The segment duration in force, in milliseconds.
    var segmentMilliseconds: Int64 { Int64(((segmentDuration ?? ladder.segmentDuration) * 1000).rounded()) }

    /// The keyframe interval in force, in milliseconds.
    var keyframeMilliseconds: Int64 { Int64(((keyframeInterval ?? ladder.keyframeInterval) * 1000).rounded()) }

    /// Checks the timing settings.
    func validate() throws(ReelError) {
        let segment = segmentMilliseconds
        let keyframe = keyframeMilliseconds
        guard segment >= 500, segment <= 60_000 else {
            throw .permanent("segment duration must be between 0.5 and 60 seconds, got \(Double(segment) / 1000)")
        }
        guard keyframe >= 100, keyframe <= segment else {
            throw .permanent(
                "keyframe interval must be between 0.1 s and the segment duration, got \(Double(keyframe) / 1000)")
        }
        guard segment % keyframe == 0 else {
            throw .permanent(
                "segment duration \(Double(segment) / 1000) s must be a whole multiple of the keyframe interval "
                    + "\(Double(keyframe) / 1000) s")
        }
        guard !formats.isEmpty else { throw .permanent("no output format: choose hls, dash or both") }
    }
}
