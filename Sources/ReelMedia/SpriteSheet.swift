public import ReelManifest

/// Lays decoded frames out as JPEG sprite sheets of equal tiles (trick-play thumbnails), with
/// FFmpeg's `tile` filter: each picture is turned upright, fitted into the tile keeping its aspect
/// ratio (padded with black), and placed left to right, top to bottom.
public final class SpriteSheet: @unchecked Sendable {
    /// Tiles per row.
    let columns: Int
    /// Rows per sheet.
    let rows: Int
    /// Tile width in pixels.
    let tileWidth: Int
    /// Tile height in pixels.
    let tileHeight: Int
    private let filter: FilterGraph
    private var pending = 0
    private var counter: Int64 = 0

    /// - Parameters:
    ///   - columns: Tiles per row.
    ///   - rows: Rows per sheet.
    ///   - tileWidth: Tile width (even).
    ///   - tileHeight: Tile height (even).
    ///   - rotation: Clockwise degrees to turn the pictures (as `StreamInfo.rotation`).
    ///   - timeBase: The time base of the frames (the decoder's).
    public init(columns: Int, rows: Int, tileWidth: Int, tileHeight: Int, rotation: Int, timeBase: Rational) {
        self.columns = columns
        self.rows = rows
        self.tileWidth = tileWidth
        self.tileHeight = tileHeight
        var chain = ["scale=w='if(gt(sar,1),trunc(iw*sar/2)*2,iw)':h='if(lt(sar,1),trunc(ih/sar/2)*2,ih)'", "setsar=1"]
        switch rotation {
        case 90: chain.append("transpose=clock")
        case 180: chain.append("hflip,vflip")
        case 270: chain.append("transpose=cclock")
        default: break
        }
        chain.append("scale=\(tileWidth):\(tileHeight):force_original_aspect_ratio=decrease:flags=bicubic")
        chain.append("pad=\(tileWidth):\(tileHeight):(ow-iw)/2:(oh-ih)/2")
        chain.append("setsar=1")
        chain.append("tile=\(columns)x\(rows)")
        chain.append("format=yuvj420p")
        filter = FilterGraph(description: chain.joined(separator: ","), kind: .video, timeBase: timeBase)
    }

    /// Adds the next tile.
    /// - Parameter frame: A decoded video frame.
    /// - Returns: A finished sheet (JPEG) when this tile completed one, else nil.
    /// - Throws: `MediaError` when filtering or encoding fails.
    public func add(_ frame: Frame) throws -> [UInt8]? {
        let copy = frame.clone()
        copy.requestKeyframe(false)
        copy.pts = counter
        counter += 1
        try filter.push(copy)
        pending += 1
        guard let sheet = try filter.pull() else { return nil }
        pending = 0
        return try ImageEncoder.encodePicture(sheet, format: .jpeg, jpegScale: 4)
    }

    /// Finishes the last, partly filled sheet.
    /// - Returns: Its JPEG, or nil when no tile is pending.
    /// - Throws: `MediaError` when filtering or encoding fails.
    public func finish() throws -> [UInt8]? {
        guard pending > 0 else { return nil }
        try filter.push(nil)
        guard let sheet = try filter.pull() else { return nil }
        pending = 0
        return try ImageEncoder.encodePicture(sheet, format: .jpeg, jpegScale: 4)
    }
}
