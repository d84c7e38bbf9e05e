/// The names of a package's files, in one place: the segment writers, the subtitle and
/// thumbnail writers and the manifest writers all ask it.
///
/// ```
/// master.m3u8                manifest.mpd
/// v720p/index.m3u8           v720p/iframes.m3u8
/// v720p/init.mp4             v720p/seg_00001.m4s     (v720p/seg_00001.ts in MPEG-TS)
/// s-en/index.m3u8            s-en/seg_00001.vtt      s-en/init.mp4, s-en/seg_00001.m4s
/// thumbnails/index.m3u8      thumbnails/sprite_0.jpg thumbnails/thumbnails.vtt
/// poster.jpg
/// quality.json               quality.svg             (with a quality report)
/// ```
public enum PackageLayout {
    /// The HLS master playlist.
    static let masterPlaylist = "master.m3u8"
    /// The DASH manifest.
    static let mpd = "manifest.mpd"
    /// The fMP4 init segment's file name inside a rendition's directory.
    public static let initSegment = "init.mp4"

    /// A rendition's HLS media playlist, e.g. `v720p/index.m3u8`.
    static func mediaPlaylist(_ rendition: String) -> String { "\(rendition)/index.m3u8" }

    /// A video rendition's HLS I-frame playlist, e.g. `v720p/iframes.m3u8`.
    static func iFramePlaylist(_ rendition: String) -> String { "\(rendition)/iframes.m3u8" }

    /// A media segment's file name inside its rendition's directory: `seg_00001.m4s`,
    /// `seg_00001.ts` or `seg_00001.vtt`.
    /// - Parameters:
    ///   - number: The segment's number, from 1.
    ///   - container: The segment's container.
    public static func segment(_ number: Int, in container: SegmentContainer) -> String {
        let digits = String(number)
        return "seg_" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + "." + container.fileExtension
    }

    /// A file inside a rendition's directory, e.g. `v720p/init.mp4`.
    public static func path(_ rendition: String, _ file: String) -> String { "\(rendition)/\(file)" }

    /// The directory of the trick-play thumbnails (the image track's id): sprite sheets, their
    /// WebVTT track and the image playlist `thumbnails/index.m3u8`.
    public static let thumbnails = "thumbnails"
    /// The WebVTT thumbnail track.
    public static let thumbnailTrack = path(thumbnails, "thumbnails.vtt")
    /// The poster.
    public static let poster = "poster.jpg"

    /// The quality report: PSNR and SSIM per rendition and segment.
    public static let qualityReport = "quality.json"
    /// The quality report's rate–quality chart.
    public static let qualityChart = "quality.svg"

    /// A sprite sheet's file name inside its image track's directory: `sprite_0.jpg`, `sprite_1.jpg`, …
    /// - Parameter number: The sheet's number, from 0.
    public static func sheet(_ number: Int) -> String { "sprite_\(number).jpg" }

    /// `sheet(_:)` as a DASH `SegmentTemplate@media`: `sprite_$Number$.jpg`.
    static let sheetTemplate = "sprite_$Number$.jpg"
}

extension SegmentContainer {
    /// The extension of this container's segment files.
    var fileExtension: String {
        switch self {
        case .fmp4: "m4s"
        case .ts: "ts"
        case .webvtt: "vtt"
        }
    }
}
