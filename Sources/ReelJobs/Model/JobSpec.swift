import ReelCore

/// What a job asks for, as posted to `POST /v1/jobs` or made from an upload hook.
///
/// The source is a reference (path, `file://`, `http(s)://`, `s3://`, `data:`); a job never
/// carries media bytes.
public struct JobSpec: Sendable, Equatable, Codable {
    /// The source URI.
    public var source: String
    /// The ladder preset name.
    public var ladder: String
    /// The manifests to write.
    public var formats: [ManifestFormat]
    /// The HLS segment container; fMP4 when absent.
    public var hlsSegments: HLSSegmentFormat?
    /// Where the package goes, relative to (and confined in) the service's output destination;
    /// the job id when absent.
    public var output: String?
    /// Where the finished job is POSTed, signed with `Reel-Signature`.
    public var callbackURL: String?
    /// The caller's own data, echoed back.
    public var metadata: JSONValue?

    /// Creates a job spec.
    /// - Parameters:
    ///   - source: The source URI.
    ///   - ladder: The ladder preset name.
    ///   - formats: The manifests to write.
    ///   - hlsSegments: The HLS segment container.
    ///   - output: The package location inside the service's destination.
    ///   - callbackURL: Where to POST the finished job.
    ///   - metadata: The caller's data.
    public init(
        source: String, ladder: String = "web", formats: [ManifestFormat] = [.hls, .dash],
        hlsSegments: HLSSegmentFormat? = nil, output: String? = nil, callbackURL: String? = nil,
        metadata: JSONValue? = nil
    ) {
        self.source = source
        self.ladder = ladder
        self.formats = formats
        self.hlsSegments = hlsSegments
        self.output = output
        self.callbackURL = callbackURL
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case source, ladder, formats, output, metadata
        case hlsSegments = "hls_segments"
        case callbackURL = "callback_url"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(String.self, forKey: .source)
        ladder = try container.decodeIfPresent(String.self, forKey: .ladder) ?? "web"
        formats = try container.decodeIfPresent([ManifestFormat].self, forKey: .formats) ?? [.hls, .dash]
        hlsSegments = try container.decodeIfPresent(HLSSegmentFormat.self, forKey: .hlsSegments)
        output = try container.decodeIfPresent(String.self, forKey: .output)
        callbackURL = try container.decodeIfPresent(String.self, forKey: .callbackURL)
        metadata = try container.decodeIfPresent(JSONValue.self, forKey: .metadata)
    }
}
