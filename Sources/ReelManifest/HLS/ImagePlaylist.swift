/// The HLS image media playlist of one image track (the Image Media Playlist specification v0.4
/// that Roku, AWS Elemental and Shaka Player read, time-based tiles) and its master playlist entry.
///
/// One segment per sheet: `#EXTINF` is the time the sheet covers and `#EXT-X-TILES` its grid
/// (`RESOLUTION` of one tile, `LAYOUT` columns × rows, `DURATION` of one tile). Shaka Player reads
/// `EXT-X-TILES` only among a segment's own tags, so it precedes every sheet's URI rather than
/// standing once in the header. Players that do not know the tags (hls.js, FFmpeg, GStreamer,
/// Safari) skip `EXT-X-IMAGE-STREAM-INF` in the master playlist.
internal struct ImagePlaylist {
    internal let track: ImageTrackFacts

    /// `{id}/index.m3u8`, relative to the package root.
    internal var path: String { PackageLayout.mediaPlaylist(track.id) }

    /// The sheets' durations in microseconds, rounded half-up: exactly what EXTINF prints.
    private var sheetMicroseconds: [Int64] {
        track.sheets.map { FixedPoint.rounded($0.duration, over: track.timescale, decimals: 6) }
    }

    /// The `#EXT-X-IMAGE-STREAM-INF` line of the master playlist.
    internal var streamLine: String {
        let attributes = [
            "BANDWIDTH=\(track.peakBitrate)",
            "RESOLUTION=\(track.tileWidth)x\(track.tileHeight)",
            "CODECS=\("jpeg".hlsQuoted)",
            "URI=\(path.hlsQuoted)",
        ]
        return "#EXT-X-IMAGE-STREAM-INF:" + attributes.joined(separator: ",")
    }

    /// The image media playlist text.
    /// - Returns: A complete VOD image playlist.
    internal func text() -> String {
        let longest = sheetMicroseconds.max() ?? 0
        let tileMicroseconds = FixedPoint.rounded(track.tileDuration, over: track.timescale, decimals: 6)
        let tiles =
            "#EXT-X-TILES:RESOLUTION=\(track.tileWidth)x\(track.tileHeight),LAYOUT=\(track.layout),"
            + "DURATION=\(FixedPoint.text(tileMicroseconds, decimals: 6))"
        var lines = [
            "#EXTM3U",
            "#EXT-X-VERSION:7",
            "#EXT-X-TARGETDURATION:\(max(1, (longest + 500_000) / 1_000_000))",
            "#EXT-X-MEDIA-SEQUENCE:\(track.sheets.first?.number ?? 0)",
            "#EXT-X-PLAYLIST-TYPE:VOD",
            "#EXT-X-IMAGES-ONLY",
        ]
        for (sheet, micros) in zip(track.sheets, sheetMicroseconds) {
            lines.append("#EXTINF:\(FixedPoint.text(micros, decimals: 6)),")
            lines.append(tiles)
            lines.append(sheet.fileName)
        }
        lines.append("#EXT-X-ENDLIST")
        return lines.joined(separator: "\n") + "\n"
    }
}
