/// One JPEG sheet of an image track: a grid of thumbnails (tiles), shown one after the other.
public struct ImageSheetFact: Sendable, Codable, Equatable {
    /// The sheet's number; the first sheet is 0 (`sprite_0.jpg`).
    var number: Int
    /// Presentation time of the sheet's first tile, in the track's timescale.
    var startTime: Int64
    /// Time the sheet covers, in the track's timescale: its tiles times the tile duration, or up to
    /// the end of the media for the last, partly filled sheet.
    var duration: Int64
    /// The sheet's size in bytes.
    var byteSize: Int

    /// Creates sheet facts.
    /// - Parameters:
    ///   - number: The sheet's number, from 0.
    ///   - startTime: Time of its first tile, in the track's timescale.
    ///   - duration: Time it covers, in the track's timescale.
    ///   - byteSize: Bytes of the JPEG.
    public init(number: Int, startTime: Int64, duration: Int64, byteSize: Int) {
        self.number = number
        self.startTime = startTime
        self.duration = duration
        self.byteSize = byteSize
    }

    /// The file name inside the track's directory: `sprite_N.jpg` (`PackageLayout.sheet(_:)`).
    var fileName: String { PackageLayout.sheet(number) }
}

/// An image (trick-play thumbnail) track: JPEG sheets of `columns × rows` tiles, one tile every
/// `tileDuration`, listed as a DASH-IF image AdaptationSet and an HLS image media playlist
/// (`EXT-X-IMAGE-STREAM-INF`, `EXT-X-TILES`).
public struct ImageTrackFacts: Sendable, Codable, Equatable {
    /// Directory of the sheets in the package and the track's id, e.g. `thumbnails`.
    var id: String
    /// Tiles per row of a sheet.
    var columns: Int
    /// Rows of tiles per sheet.
    var rows: Int
    /// Width of one tile in pixels.
    var tileWidth: Int
    /// Height of one tile in pixels.
    var tileHeight: Int
    /// Ticks per second of `tileDuration` and of the sheets' times.
    var timescale: Int64
    /// Time one tile stands for (the thumbnail interval), in `timescale` ticks.
    var tileDuration: Int64
    /// The sheets in order, numbered from 0.
    var sheets: [ImageSheetFact]

    /// Creates image track facts.
    /// - Parameters:
    ///   - id: Directory and id, e.g. `thumbnails`.
    ///   - columns: Tiles per row.
    ///   - rows: Rows per sheet.
    ///   - tileWidth: Tile width in pixels.
    ///   - tileHeight: Tile height in pixels.
    ///   - timescale: Ticks per second.
    ///   - tileDuration: One tile's duration in ticks.
    ///   - sheets: The sheets in order.
    public init(
        id: String, columns: Int, rows: Int, tileWidth: Int, tileHeight: Int, timescale: Int64, tileDuration: Int64,
        sheets: [ImageSheetFact]
    ) {
        self.id = id
        self.columns = columns
        self.rows = rows
        self.tileWidth = tileWidth
        self.tileHeight = tileHeight
        self.timescale = timescale
        self.tileDuration = tileDuration
        self.sheets = sheets
    }

    /// Time a full sheet covers, in `timescale` ticks: every tile's duration.
    var sheetDuration: Int64 { tileDuration * Int64(columns * rows) }

    /// Time all sheets cover, in `timescale` ticks.
    var duration: Int64 { sheets.map(\.duration).reduce(0, +) }

    /// The size of a whole sheet in pixels, e.g. `800x450` for 5 × 5 tiles of 160 × 90.
    var sheetWidth: Int { tileWidth * columns }

    /// The height of a whole sheet in pixels.
    var sheetHeight: Int { tileHeight * rows }

    /// The peak bit rate: the largest sheet's bits over the time it covers, rounded up (HLS
    /// `BANDWIDTH`, DASH `@bandwidth`); at least 1.
    var peakBitrate: Int {
        max(
            1,
            BitrateStats.largestRate(
                sizes: sheets.map(\.byteSize), durations: sheets.map(\.duration), timescale: timescale))
    }

    /// The layout as HLS `LAYOUT` and the DASH-IF thumbnail descriptor write it: `5x5`.
    internal var layout: String { "\(columns)x\(rows)" }
}

extension PackageFacts {
    /// The image tracks the manifests list: those with at least one sheet.
    internal var listedImages: [ImageTrackFacts] { images.filter { !$0.sheets.isEmpty } }
}
