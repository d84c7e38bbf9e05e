/// What `reel probe` prints: the container and its streams, as JSON.
public struct ProbeReport: Sendable, Codable, Equatable {
    /// One stream of the source.
    public struct Stream: Sendable, Codable, Equatable {
        public var index: Int
        public var kind: String
        public var codec: String
        public var profile: String?
        public var language: String?
        public var title: String?
        public var bitRate: Int?
        public var duration: Double?
        /// First presentation time in seconds, when known.
        public var startTime: Double?
        // Video
        public var width: Int?
        public var height: Int?
        /// Sample aspect ratio as `num:den`.
        public var sampleAspectRatio: String?
        /// Clockwise degrees to display upright.
        public var rotation: Int?
        public var frameRate: Double?
        public var fieldOrder: String?
        public var pixelFormat: String?
        public var colorPrimaries: String?
        public var colorTransfer: String?
        public var colorSpace: String?
        public var colorRange: String?
        /// `sdr`, `pq` (HDR10/PQ) or `hlg`.
        public var dynamicRange: String?
        /// Estimated seconds between keyframes.
        public var keyframeInterval: Double?
        // Audio
        public var sampleRate: Int?
        public var channels: Int?
        public var channelLayout: String?

        enum CodingKeys: String, CodingKey {
            case index, kind, codec, profile, language, title, duration, width, height, rotation, channels
            case startTime = "start_time"
            case bitRate = "bit_rate"
            case sampleAspectRatio = "sample_aspect_ratio"
            case frameRate = "frame_rate"
            case fieldOrder = "field_order"
            case pixelFormat = "pixel_format"
            case colorPrimaries = "color_primaries"
            case colorTransfer = "color_transfer"
            case colorSpace = "color_space"
            case colorRange = "color_range"
            case dynamicRange = "dynamic_range"
            case keyframeInterval = "keyframe_interval"
            case sampleRate = "sample_rate"
            case channelLayout = "channel_layout"
        }
    }

    /// The source URI as given.
    public var source: String
    /// libavformat's container name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    public var container: String
    /// Duration in seconds, when known (libavformat's: for MP4 it counts from 0, not from `start_time`).
    public var duration: Double?
    /// Presentation time of the first frame in seconds, when known; `reel frames` times count from it.
    public var startTime: Double?
    /// Size in bytes, when known.
    public var size: Int64?
    public var streams: [Stream]
    /// SHA-256 of the source bytes, when asked for.
    public var contentID: String?

    enum CodingKeys: String, CodingKey {
        case source, container, duration, size, streams
        case startTime = "start_time"
        case contentID = "content_id"
    }
}
