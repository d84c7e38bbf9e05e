import ReelManifest
import ReelMedia

/// The manifest formats a package can carry.
public enum ManifestFormat: String, Sendable, Codable, CaseIterable {
    case hls
    case dash
}

/// What to package and how.
public struct PackageRequest: Sendable {
    /// The source by reference: a path, `file://`, `http(s)://`, `s3://BUCKET/KEY` or `data:` URI.
    var source: String
    public var ladder: Ladder
    var formats: Set<ManifestFormat>
    /// Overrides the ladder's segment duration (seconds).
    var segmentDuration: Double?
    /// Overrides the ladder's keyframe interval (seconds).
    var keyframeInterval: Double?
    /// The container of HLS media segments: `.fmp4` (shared with DASH) or `.ts` (legacy HLS).
    var hlsSegments: SegmentContainer
    /// Seconds a single blocking read of the source may take.
    var readTimeout: Double
    /// How remote sources are read (retries, S3 endpoint); `readTimeout` overrides its timeout.
    var sourceOptions = MediaSourceOptions()
    /// Subtitle sidecar files (WebVTT, SRT, ASS/SSA, …) to package with the source's own text
    /// subtitle tracks, which are always picked up.
    var subtitles: [SubtitleInput] = []
    /// Every input: the source alone, or the inputs of a package-only request.
    var inputs: [MediaInput] = []
    /// Whether the inputs' streams are copied as they are instead of transcoded to the ladder.
    var packageOnly = false
    /// How the segments are encrypted; clear when nil.
    var encryption: EncryptionOptions?
    /// Whether each video rung is measured against the source while it is encoded (PSNR, SSIM)
    /// and `quality.json` and `quality.svg` are added to the package.
    var qualityReport = false
    /// Ad-break instants in seconds, ascending: an IDR and a segment boundary in every rendition.
    var cuePoints: [Double] = []

    init(
        source: String, ladder: Ladder, formats: Set<ManifestFormat> = [.hls, .dash],
        segmentDuration: Double? = nil, keyframeInterval: Double? = nil, hlsSegments: SegmentContainer = .fmp4,
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

    /// The containers the renditions are written in: fMP4 for DASH (and HLS unless it uses TS),
    /// MPEG-TS when HLS asks for it.
    var containers: [SegmentContainer] {
        var result: [SegmentContainer] = []
        if formats.contains(.dash) || (formats.contains(.hls) && hlsSegments == .fmp4) { result.append(.fmp4) }
        if formats.contains(.hls) && hlsSegments == .ts { result.append(.ts) }
        return result
    }

    /// The containers whose renditions the summary lists: those of the first container, with the
    /// WebVTT subtitles when HLS uses it.
    var summaryContainers: [SegmentContainer] {
        guard let first = containers.first else { return [] }
        return formats.contains(.hls) && hlsSegments == first ? [first, .webvtt] : [first]
    }

    /// The segment duration in force, in milliseconds.
    var segmentMilliseconds: Int64 { Self.milliseconds(segmentDuration ?? ladder.segmentDuration) }

    /// The keyframe interval in force, in milliseconds.
    var keyframeMilliseconds: Int64 { Self.milliseconds(keyframeInterval ?? ladder.keyframeInterval) }

    /// Seconds in whole milliseconds; a value beyond `Int64` (a request's `1e20`) or NaN becomes
    /// `Int64.max` or `Int64.min`, so `validate()` refuses it instead of the conversion trapping.
    static func milliseconds(_ seconds: Double) -> Int64 {
        let value = (seconds * 1000).rounded()
        guard !value.isNaN else { return .min }
        guard value < 9.2e18 else { return .max }
        guard value > -9.2e18 else { return .min }
        return Int64(value)
    }

    /// Checks the timing settings.
    func validate() throws(ReelError) {
        let segment = segmentMilliseconds
        let keyframe = keyframeMilliseconds
        guard segment >= 500, segment <= 60_000 else {
            throw .permanent(
                "segment duration must be between 0.5 and 60 seconds, got \(segmentDuration ?? ladder.segmentDuration)")
        }
        guard keyframe >= 100, keyframe <= segment else {
            throw .permanent(
                "keyframe interval must be between 0.1 s and the segment duration, got "
                    + "\(keyframeInterval ?? ladder.keyframeInterval)")
        }
        guard segment % keyframe == 0 else {
            throw .permanent(
                "segment duration \(Double(segment) / 1000) s must be a whole multiple of the keyframe interval "
                    + "\(Double(keyframe) / 1000) s")
        }
        guard !formats.isEmpty else { throw .permanent("no output format: choose hls, dash or both") }
        for (index, cue) in cuePoints.enumerated() {
            guard cue.isFinite, cue > 0 else {
                throw .permanent("cue_points[\(index)]: \(cue) is not a time inside the source (seconds, above 0)")
            }
            if index > 0, Self.milliseconds(cue) <= Self.milliseconds(cuePoints[index - 1]) {
                throw .permanent(
                    "cue_points[\(index)]: \(cue) s does not come after \(cuePoints[index - 1]) s "
                        + "(list each cue once, in time order)")
            }
        }
    }

    /// Checks that every cue point lies inside the source: after its start, and before its end
    /// by more than the shortest segment a rendition may end with.
    /// - Parameter duration: The source's duration in seconds.
    func validateCuePoints(duration: Double) throws(ReelError) {
        for (index, cue) in cuePoints.enumerated() where cue >= duration - SegmentTiming.tailMerge {
            throw .permanent(
                "cue_points[\(index)]: \(cue) s is not inside the source, which lasts "
                    + "\(PassthroughCheck.format(duration)) s")
        }
    }

    /// The segment instants in force, cue points included.
    var timing: SegmentTiming {
        SegmentTiming(
            segmentMilliseconds: segmentMilliseconds, keyframeMilliseconds: keyframeMilliseconds,
            cueMilliseconds: cuePoints.map(Self.milliseconds))
    }

    /// The cue points as the manifests list them, numbered from 1.
    var cues: [CuePoint] {
        cuePoints.enumerated().map { CuePoint(time: $1, number: $0 + 1) }
    }
}
