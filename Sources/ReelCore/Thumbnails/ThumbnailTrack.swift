import Foundation

/// What `ThumbnailWriter` wrote for trick play: the sprite sheets and their grid, enough to list
/// them in the manifests (see `ThumbnailTrack+Facts.swift`).
struct ThumbnailTrack: Sendable, Equatable {
    /// The sheets' directory in the package (`thumbnails`).
    var directory: String
    /// Seconds between thumbnails.
    var interval: Double
    var columns: Int
    var rows: Int
    var tileWidth: Int
    var tileHeight: Int
    /// Sprite sheet paths in order (`thumbnails/sprite_0.jpg`, …).
    var sheets: [String]
    /// Bytes of each sheet, parallel to `sheets`.
    var sheetBytes: [Int]
    /// Duration covered, in seconds.
    var duration: Double

    /// Bytes of all sheets.
    var totalBytes: Int { sheetBytes.reduce(0, +) }
}
