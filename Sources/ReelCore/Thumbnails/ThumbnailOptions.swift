/// Trick-play thumbnails: one every `interval` seconds, tiled into JPEG sprite sheets.
public struct ThumbnailOptions: Sendable, Equatable {
    /// Seconds between thumbnails.
    var interval: Double
    /// Tile width; nil for 160 (or from `height` and the aspect ratio).
    var width: Int?
    /// Tile height; nil to follow the source's display aspect ratio.
    var height: Int?
    /// Tiles per row of a sheet.
    var columns = 5
    /// Rows per sheet.
    var rows = 5

    /// - Parameters:
    ///   - interval: Seconds between thumbnails.
    ///   - width: Tile width, or nil.
    ///   - height: Tile height, or nil.
    init(interval: Double, width: Int? = nil, height: Int? = nil) {
        self.interval = interval
        self.width = width
        self.height = height
    }

    /// Parses `EVERY[:WxH]`, e.g. `10` or `5:160x90`.
    /// - Parameter text: The option's value.
    /// - Throws: `ReelError.permanent` naming what is wrong.
    public init(parsing text: String) throws(ReelError) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let first = parts.first, let interval = Double(first.hasSuffix("s") ? String(first.dropLast()) : first),
            interval >= 0.1, interval.isFinite
        else {
            throw .permanent("--thumbnails '\(text)': expected EVERY[:WxH] with EVERY ≥ 0.1 seconds, e.g. 10:160x90")
        }
        self.init(interval: interval)
        if parts.count == 2 {
            let size = parts[1].lowercased().split(separator: "x", omittingEmptySubsequences: false)
            guard size.count == 2, let w = Int(size[0]), let h = Int(size[1]), (16...1920).contains(w),
                (16...1920).contains(h)
            else {
                throw .permanent("--thumbnails '\(text)': the size must be WxH between 16 and 1920, e.g. 160x90")
            }
            width = w / 2 * 2
            height = h / 2 * 2
        }
    }
}
