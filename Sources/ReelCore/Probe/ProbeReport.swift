import ReelMedia

/// What `reel probe` prints: the container and its streams, as JSON.
public struct ProbeReport: Sendable, Codable, Equatable {
    /// One stream of the source.
    struct Stream: Sendable, Codable, Equatable {
        var index: Int
        var kind: String
        var codec: String
        var profile: String?
        var language: String?
        var title: String?
        var bitRate: Int?
        var duration: Double?
        /// First presentation time in seconds, when known.
        var startTime: Double?
        // Video
        var width: Int?
        var height: Int?
        /// Sample aspect ratio as `num:den`.
        var sampleAspectRatio: String?
        /// Clockwise degrees to display upright.
        var rotation: Int?
        var frameRate: Double?
        var fieldOrder: String?
        var pixelFormat: String?
        var colorPrimaries: String?
        var colorTransfer: String?
        var colorSpace: String?
        var colorRange: String?
        /// `sdr`, `pq` (HDR10/PQ) or `hlg`.
        var dynamicRange: String?
        /// Median seconds between keyframes (from `keyframes` when the probe read the packets).
        var keyframeInterval: Double?
        /// The keyframes of a video stream (not of cover art), when the probe read the packets.
        var keyframes: KeyframeSummary?
        // Audio
        var sampleRate: Int?
        var channels: Int?
        var channelLayout: String?

        enum CodingKeys: String, CodingKey {
            case index, kind, codec, profile, language, title, duration, width, height, rotation, channels, keyframes
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
    var source: String
    /// libavformat's container name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    var container: String
    /// Duration in seconds, when known (libavformat's: for MP4 it counts from 0, not from `start_time`).
    var duration: Double?
    /// Presentation time of the first frame in seconds, when known; `reel frames` times count from it.
    var startTime: Double?
    /// Size in bytes, when known.
    var size: Int64?
    var streams: [Stream]
    /// SHA-256 of the source bytes, when asked for.
    var contentID: String?

    enum CodingKeys: String, CodingKey {
        case source, container, duration, size, streams
        case startTime = "start_time"
        case contentID = "content_id"
    }
}
