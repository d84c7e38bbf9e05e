import Foundation

/// What `ThumbnailWriter` wrote for trick play: the sprite sheets and their grid, enough to list
/// them in the manifests (see `ThumbnailTrack+Facts.swift`).
public struct ThumbnailTrack: Sendable, Equatable {
    /// The sheets' directory in the package (`thumbnails`).
    public var directory: String
    /// Seconds between thumbnails.
    public var interval: Double
    public var columns: Int
    public var rows: Int
    public var tileWidth: Int
    public var tileHeight: Int
    /// Sprite sheet paths in order (`thumbnails/sprite_0.jpg`, …).
    public var sheets: [String]
    /// Bytes of each sheet, parallel to `sheets`.
    public var sheetBytes: [Int]
    /// Duration covered, in seconds.
    public var duration: Double

    /// Bytes of all sheets.
    public var totalBytes: Int { sheetBytes.reduce(0, +) }
}
