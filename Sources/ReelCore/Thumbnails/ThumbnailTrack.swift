import Foundation

/// What `ThumbnailWriter` wrote for trick play: enough to list the sprites in a DASH MPD.
public struct ThumbnailTrack: Sendable, Equatable {
    /// Seconds between thumbnails.
    public var interval: Double
    public var columns: Int
    public var rows: Int
    public var tileWidth: Int
    public var tileHeight: Int
    /// Sprite sheet paths in order (`thumbnails/sprite_0.jpg`, …).
    public var sheets: [String]
    /// Bytes of all sheets.
    public var totalBytes: Int
    /// Duration covered, in seconds.
    public var duration: Double

    /// The DASH-IF thumbnail AdaptationSet (image/jpeg tiles, `http://dashif.org/thumbnail_tile`).
    /// - Parameter id: The AdaptationSet id.
    /// - Returns: The XML element, indented for a Period.
    public func dashAdaptationSet(id: Int) -> String {
        let sheetDuration = interval * Double(columns * rows)
        let bandwidth = max(1, Int((Double(totalBytes * 8) / max(duration, 0.001)).rounded()))
        let timescale = 1000
        return """
                <AdaptationSet id="\(id)" contentType="image" mimeType="image/jpeg">
                  <SegmentTemplate timescale="\(timescale)" media="thumbnails/sprite_$Number$.jpg" \
            duration="\(Int((sheetDuration * Double(timescale)).rounded()))" startNumber="0"/>
                  <Representation id="thumbnails" codecs="jpeg" bandwidth="\(bandwidth)" width="\(tileWidth * columns)" \
            height="\(tileHeight * rows)">
                    <EssentialProperty schemeIdUri="http://dashif.org/thumbnail_tile" value="\(columns)x\(rows)"/>
                  </Representation>
                </AdaptationSet>

            """
    }
}
