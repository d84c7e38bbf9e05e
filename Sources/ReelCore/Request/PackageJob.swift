import Foundation
public import ReelManifest

/// Everything a package can be asked for: the one request of every way in.
///
/// `reel package` builds it from its flags or reads it with `--job FILE.json`, `POST /v1/jobs`
/// takes it as its JSON body, and the upload hooks make one per finished upload. One entry
/// point, ``PackageJobRunner``, runs it, so every option works the same everywhere. JSON fields
/// are snake_case; the CLI flags are the same names in kebab-case.
///
/// ```json
/// {"source": "s3://uploads/talk.mp4", "ladder": "web", "formats": ["hls", "dash"],
///  "segment_duration": 4, "keyframe_interval": 2,
///  "subtitles": [{"source": "s3://uploads/talk.en.vtt", "language": "en"}],
///  "thumbnails": {"interval": 10, "width": 160}, "poster": 3.5,
///  "output": "talks/42", "callback_url": "https://app.example/done", "metadata": {"talk": 42}}
/// ```
/// Encrypted with CENC `cbcs` for HLS and DASH, ClearKey and Widevine signalled:
/// ```json
/// {"source": "talk.mp4", "encryption": {"scheme": "cbcs", "drm": ["clearkey", "widevine"],
///  "keys": [{"kid": "0123456789abcdef0123456789abcdef", "key": "00112233445566778899aabbccddeeff"}]}}
/// ```
/// Measured while packaging: PSNR and SSIM of every video rung against the source, in
/// `quality.json` and `quality.svg`:
/// ```json
/// {"source": "talk.mp4", "quality_report": true}
/// ```
/// Ad breaks at 30 s and 95.5 s: an IDR and a segment boundary in every rendition, a DASH Period
/// from each, an HLS `EXT-X-DATERANGE` with an SCTE-35 splice insert at each:
/// ```json
/// {"source": "talk.mp4", "cue_points": [30, 95.5]}
/// ```
/// Renditions already encoded are packaged as they are, without decoding, from one or more inputs:
/// ```json
/// {"inputs": [{"source": "v1080.mp4"}, {"source": "v720.mp4"}, {"source": "fr.m4a", "language": "fr"}],
///  "package_only": true}
/// ```
public struct PackageJob: Sendable, Equatable, Codable {
    /// The source by reference: a path, `file://`, `http(s)://`, `s3://BUCKET/KEY` or `data:` URI.
    /// With `inputs`, the first input's source.
    public var source: String
    /// The inputs of a package-only request (JSON `inputs`, instead of `source`); empty otherwise.
    public var inputs: [MediaInput]
    /// Whether the inputs' streams are copied as they are (no decode, no encode) instead of
    /// being transcoded to the ladder.
    public var packageOnly: Bool
    /// The ladder: a preset by name, or an inline ladder object.
    public var ladder: LadderChoice
    /// The manifests to write.
    public var formats: [ManifestFormat]
    /// The HLS segment container; fMP4 when absent.
    public var hlsSegments: SegmentContainer?
    /// Overrides the ladder's segment duration (seconds).
    public var segmentDuration: Double?
    /// Overrides the ladder's keyframe interval (seconds).
    public var keyframeInterval: Double?
    /// Subtitle sidecars, each a reference with its language, name and flags.
    public var subtitles: [SubtitleInput]
    /// Trick-play thumbnails: sprite sheets with a WebVTT track.
    public var thumbnails: ThumbnailOptions?
    /// The time (seconds) of the frame written as `poster.jpg`.
    public var poster: Double?
    /// Where the package goes. For the service a path relative to its destination (the job id
    /// when absent); for the CLI a directory, `NAME.zip` or `s3://BUCKET/PREFIX/`. `{content_id}`
    /// becomes the source's SHA-256.
    public var output: String?
    /// Where the service POSTs the finished job, signed with `Reel-Signature` (service only).
    public var callbackURL: String?
    /// The caller's own data, echoed back in the job and its callback.
    public var metadata: JSONValue?
    /// How the package is encrypted; clear when absent. Its keys never leave in clear text
    /// (`EncryptionOptions`).
    public var encryption: EncryptionOptions?
    /// Whether every video rung is measured against the source while it is encoded (PSNR and
    /// SSIM per rendition and segment), adding `quality.json` and `quality.svg` to the package.
    public var qualityReport: Bool
    /// Ad-break instants in seconds, inside the source's duration: each gets an IDR and a segment
    /// boundary in every rendition, a DASH Period and an HLS `EXT-X-DATERANGE` (SCTE-35).
    public var cuePoints: [Double] = []
    /// A programme loudness for every audio rendition of the ladder, in place of the ladder's
    /// own: a standard's name (`"ebu-r128"`) or `{"standard", "integrated", "true_peak"}`.
    public var loudness: LoudnessTarget?

    /// Creates a request; everything but the source has a default.
    public init(
        source: String, ladder: LadderChoice = .preset("web"), formats: [ManifestFormat] = [.hls, .dash],
        hlsSegments: SegmentContainer? = nil, segmentDuration: Double? = nil, keyframeInterval: Double? = nil,
        subtitles: [SubtitleInput] = [], thumbnails: ThumbnailOptions? = nil, poster: Double? = nil,
        output: String? = nil, callbackURL: String? = nil, metadata: JSONValue? = nil,
        inputs: [MediaInput] = [], packageOnly: Bool = false, qualityReport: Bool = false
    ) {
        self.source = inputs.first?.source ?? source
        self.inputs = inputs
        self.packageOnly = packageOnly
        self.ladder = ladder
        self.formats = formats
        self.hlsSegments = hlsSegments
        self.segmentDuration = segmentDuration
        self.keyframeInterval = keyframeInterval
        self.subtitles = subtitles
        self.thumbnails = thumbnails
        self.poster = poster
        self.output = output
        self.callbackURL = callbackURL
        self.metadata = metadata
        self.qualityReport = qualityReport
    }

    /// The JSON field names.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case source, inputs, ladder, formats, subtitles, thumbnails, poster, output, metadata, encryption
        case packageOnly = "package_only"
        case hlsSegments = "hls_segments"
        case segmentDuration = "segment_duration"
        case keyframeInterval = "keyframe_interval"
        case callbackURL = "callback_url"
        case qualityReport = "quality_report"
        case cuePoints = "cue_points"
        case loudness
    }

    /// Decodes a request, refusing fields it does not have (`ladr` for `ladder` is a mistake
    /// worth saying, not a field to ignore).
    public init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        inputs = try container.decodeIfPresent([MediaInput].self, forKey: .inputs) ?? []
        if let first = inputs.first {
            // A stored request names its first input as the source as well.
            if let given = try container.decodeIfPresent(String.self, forKey: .source), given != first.source {
                throw DecodingError.dataCorruptedError(
                    forKey: .source, in: container, debugDescription: "give source or inputs, not both")
            }
            source = first.source
        } else {
            if container.contains(.inputs) {
                throw DecodingError.dataCorruptedError(
                    forKey: .inputs, in: container, debugDescription: "inputs must list at least one input")
            }
            source = try container.decode(String.self, forKey: .source)
        }
        packageOnly = try container.decodeIfPresent(Bool.self, forKey: .packageOnly) ?? false
        ladder = try container.decodeIfPresent(LadderChoice.self, forKey: .ladder) ?? .preset("web")
        formats = try container.decodeIfPresent([ManifestFormat].self, forKey: .formats) ?? [.hls, .dash]
        hlsSegments = try container.decodeIfPresent(SegmentContainer.self, forKey: .hlsSegments)
        if hlsSegments == .webvtt {
            throw DecodingError.dataCorruptedError(
                forKey: .hlsSegments, in: container, debugDescription: "HLS media segments are fmp4 or ts")
        }
        segmentDuration = try container.decodeIfPresent(Double.self, forKey: .segmentDuration)
        keyframeInterval = try container.decodeIfPresent(Double.self, forKey: .keyframeInterval)
        subtitles = try container.decodeIfPresent([SubtitleInput].self, forKey: .subtitles) ?? []
        thumbnails = try container.decodeIfPresent(ThumbnailOptions.self, forKey: .thumbnails)
        poster = try container.decodeIfPresent(Double.self, forKey: .poster)
        output = try container.decodeIfPresent(String.self, forKey: .output)
        callbackURL = try container.decodeIfPresent(String.self, forKey: .callbackURL)
        metadata = try container.decodeIfPresent(JSONValue.self, forKey: .metadata)
        encryption = try container.decodeIfPresent(EncryptionOptions.self, forKey: .encryption)
        qualityReport = try container.decodeIfPresent(Bool.self, forKey: .qualityReport) ?? false
        cuePoints = try container.decodeIfPresent([Double].self, forKey: .cuePoints) ?? []
        loudness = try container.decodeIfPresent(LoudnessTarget.self, forKey: .loudness)
    }

    /// Encodes the request; empty and absent fields are left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        if !inputs.isEmpty { try container.encode(inputs, forKey: .inputs) }
        if packageOnly { try container.encode(true, forKey: .packageOnly) }
        try container.encode(ladder, forKey: .ladder)
        try container.encode(formats, forKey: .formats)
        try container.encodeIfPresent(hlsSegments, forKey: .hlsSegments)
        try container.encodeIfPresent(segmentDuration, forKey: .segmentDuration)
        try container.encodeIfPresent(keyframeInterval, forKey: .keyframeInterval)
        if !subtitles.isEmpty { try container.encode(subtitles, forKey: .subtitles) }
        try container.encodeIfPresent(thumbnails, forKey: .thumbnails)
        try container.encodeIfPresent(poster, forKey: .poster)
        try container.encodeIfPresent(output, forKey: .output)
        try container.encodeIfPresent(callbackURL, forKey: .callbackURL)
        try container.encodeIfPresent(metadata, forKey: .metadata)
        try container.encodeIfPresent(encryption, forKey: .encryption)
        if qualityReport { try container.encode(true, forKey: .qualityReport) }
        if !cuePoints.isEmpty { try container.encode(cuePoints, forKey: .cuePoints) }
        try container.encodeIfPresent(loudness, forKey: .loudness)
    }
}

extension PackageJob {
    /// Every input: `inputs`, or the one `source`.
    public var allInputs: [MediaInput] { inputs.isEmpty ? [MediaInput(source: source)] : inputs }
}
