import ReelManifest

extension ThumbnailTrack {
    /// Ticks per second of the image track's times: milliseconds.
    static let timescale: Int64 = 1000

    /// The track as the manifest writers take it: sheet `k` starts at `k × columns × rows` tiles and
    /// covers its tiles, the last one up to the end of the media (as the WebVTT track's last cue).
    var facts: ImageTrackFacts {
        let scale = Double(Self.timescale)
        let tile = max(1, Int64((interval * scale).rounded()))
        let end = Int64((duration * scale).rounded())
        let perSheet = tile * Int64(columns * rows)
        let sheetFacts = sheetBytes.enumerated().map { number, bytes in
            let start = Int64(number) * perSheet
            return ImageSheetFact(
                number: number, startTime: start, duration: max(1, min(start + perSheet, end) - start),
                byteSize: bytes)
        }
        return ImageTrackFacts(
            id: directory, columns: columns, rows: rows, tileWidth: tileWidth, tileHeight: tileHeight,
            timescale: Self.timescale, tileDuration: tile, sheets: sheetFacts)
    }
}
