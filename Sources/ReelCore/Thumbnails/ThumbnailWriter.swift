import Foundation
import ReelManifest
import ReelMedia
import ReelOutput

/// Writes trick-play sprite sheets with their WebVTT thumbnail track, and posters, into a package.
///
/// Files: `thumbnails/sprite_0.jpg`, `thumbnails/sprite_1.jpg`, … (JPEG sheets of
/// `columns × rows` tiles), `thumbnails/thumbnails.vtt` (one cue per thumbnail pointing at `sprite_N.jpg#xywh=x,y,w,h`) and
/// `poster.jpg`, named by `PackageLayout`. Frames come from `FrameExtractor`, so each keyframe block
/// is decoded at most once. The manifests list the sheets from the returned `ThumbnailTrack` (HLS
/// image playlist `thumbnails/index.m3u8`, DASH image AdaptationSet).
enum ThumbnailWriter {
    /// The WebVTT thumbnail track's path in the package.
    static let trackPath = PackageLayout.thumbnailTrack
    /// The poster's path in the package.
    static let posterPath = PackageLayout.poster

    /// Writes thumbnails and/or a poster.
    /// - Parameters:
    ///   - source: The source.
    ///   - thumbnails: Sprite settings, or nil for none.
    ///   - poster: Time of the poster frame in seconds, or nil for none.
    ///   - options: Network and S3 settings.
    ///   - output: The package's output (not finished here).
    /// - Returns: The paths written and, with thumbnails, the track (for the manifests).
    /// - Throws: `ReelError` (a poster time outside the stream is `permanent`).
    @discardableResult
    static func write(
        source: MediaSource, thumbnails: ThumbnailOptions?, poster: Double?,
        options: MediaSourceOptions = MediaSourceOptions(), to output: any MultiFileOutput
    ) throws(ReelError) -> (files: [String], track: ThumbnailTrack?) {
        guard thumbnails != nil || poster != nil else { return ([], nil) }
        let extractor = try FrameExtractor(source: source, options: options)
        var written: [String] = []
        var track: ThumbnailTrack?
        do {
            if let poster {
                let frame = try extractor.extract(at: [poster], format: .jpeg)[0]
                try output.write(Data(frame.image), to: posterPath, contentType: .jpeg)
                written.append(posterPath)
            }
            if let thumbnails {
                let sprites = try writeSprites(extractor, thumbnails, to: output)
                written += sprites.sheets + [trackPath]
                track = sprites
            }
        } catch let error as ReelError {
            throw error
        } catch {
            throw ReelError.classify(error, source: source.description)
        }
        return (written, track)
    }

    private static func writeSprites(
        _ extractor: FrameExtractor, _ options: ThumbnailOptions, to output: any MultiFileOutput
    ) throws -> ThumbnailTrack {
        let stream = extractor.videoStream
        let (tileWidth, tileHeight) = tileSize(stream, options)
        var times: [Double] = []
        var t = 0.0
        while t < extractor.duration {
            times.append(t)
            t = Double(times.count) * options.interval
        }
        let perSheet = options.columns * options.rows
        let sheet = SpriteSheet(
            columns: options.columns, rows: options.rows, tileWidth: tileWidth, tileHeight: tileHeight,
            rotation: stream.rotation, timeBase: stream.timeBase)
        var written: [String] = []
        var sizes: [Int] = []
        func store(_ jpeg: [UInt8]) throws {
            let path = PackageLayout.path(PackageLayout.thumbnails, PackageLayout.sheet(written.count))
            try output.write(Data(jpeg), to: path, contentType: .jpeg)
            written.append(path)
            sizes.append(jpeg.count)
        }
        try extractor.decodeFrames(at: times) { _, _, frame, _ in
            if let jpeg = try sheet.add(frame) { try store(jpeg) }
        }
        if let jpeg = try sheet.finish() { try store(jpeg) }
        var vtt = "WEBVTT\n"
        for (i, start) in times.enumerated() {
            let end = i + 1 < times.count ? times[i + 1] : extractor.duration
            let tile = i % perSheet
            let x = tile % options.columns * tileWidth
            let y = tile / options.columns * tileHeight
            vtt += "\n\(timestamp(start)) --> \(timestamp(end))\n"
            vtt += PackageLayout.sheet(i / perSheet) + "#xywh=\(x),\(y),\(tileWidth),\(tileHeight)\n"
        }
        try output.write(Data(vtt.utf8), to: trackPath, contentType: .webVTT)
        return ThumbnailTrack(
            directory: PackageLayout.thumbnails, interval: options.interval, columns: options.columns,
            rows: options.rows, tileWidth: tileWidth, tileHeight: tileHeight, sheets: written, sheetBytes: sizes,
            duration: extractor.duration)
    }

    /// Tile size: as asked, else 160 wide with the display aspect ratio (after rotation), even.
    static func tileSize(_ stream: StreamInfo, _ options: ThumbnailOptions) -> (Int, Int) {
        var width = Double(stream.width)
        var height = Double(stream.height)
        let sar = stream.sampleAspectRatio
        if sar.isValid { width *= sar.value }
        if stream.rotation == 90 || stream.rotation == 270 { swap(&width, &height) }
        let aspect = height > 0 && width > 0 ? width / height : 16.0 / 9.0
        func even(_ value: Double) -> Int { max(2, Int((value / 2).rounded()) * 2) }
        switch (options.width, options.height) {
        case (let w?, let h?): return (w, h)
        case (nil, let h?): return (even(Double(h) * aspect), h)
        case (let w?, nil): return (w, even(Double(w) / aspect))
        case (nil, nil): return (160, even(160 / aspect))
        }
    }

    /// `HH:MM:SS.mmm`.
    static func timestamp(_ seconds: Double) -> String {
        let ms = Int((seconds * 1000).rounded())
        return String(format: "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
    }
}
