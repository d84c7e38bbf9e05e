/// The content types of the files Reel writes.
public enum ContentType: String, Sendable, Codable, CaseIterable {
    case hlsPlaylist = "application/vnd.apple.mpegurl"
    case dashManifest = "application/dash+xml"
    case mp4Video = "video/mp4"
    case mp4Audio = "audio/mp4"
    /// Timed text in fragmented MP4 (WebVTT in ISOBMFF, `wvtt`) for DASH.
    case mp4Text = "application/mp4"
    case mpegTS = "video/mp2t"
    case webVTT = "text/vtt"
    case jpeg = "image/jpeg"
    case png = "image/png"
    case json = "application/json"
    case svg = "image/svg+xml"
    case octetStream = "application/octet-stream"

    /// Whether files of this type are manifests, which are published last and cached briefly.
    var isManifest: Bool { self == .hlsPlaylist || self == .dashManifest }

    /// The type a file name implies, by its extension.
    /// - Parameter path: A file name or path.
    /// - Returns: The content type, `.octetStream` when unknown.
    init(forPath path: String) {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "m3u8": self = .hlsPlaylist
        case "mpd": self = .dashManifest
        case "mp4", "m4s", "m4v": self = .mp4Video
        case "m4a": self = .mp4Audio
        case "ts": self = .mpegTS
        case "vtt": self = .webVTT
        case "jpg", "jpeg": self = .jpeg
        case "png": self = .png
        case "json": self = .json
        case "svg": self = .svg
        default: self = .octetStream
        }
    }
}
