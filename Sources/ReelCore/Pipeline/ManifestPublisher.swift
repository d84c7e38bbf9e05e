import Foundation
import ReelManifest
import ReelOutput

/// Writes the manifests of a finished package from what the listener heard: HLS media
/// playlists first, the master playlist and the MPD last, so a player never finds a manifest
/// naming a file not yet written.
struct ManifestPublisher {
    let formats: Set<ManifestFormat>
    /// The container of HLS media segments; DASH always uses fMP4.
    let hlsSegments: SegmentContainer
    /// Image (thumbnail) tracks written beside the renditions, listed in both manifests.
    var images: [ImageTrackFacts] = []
    /// Ad breaks: DASH Periods, HLS `EXT-X-DATERANGE`s.
    var cuePoints: [CuePoint] = []
    /// The wall-clock time of presentation time zero, milliseconds since 1970 (HLS dates).
    var programStart: Int64 = 0

    /// The containers a manifest lists: HLS its media container and the WebVTT subtitles, DASH fMP4
    /// (WebVTT in fMP4 for subtitles).
    func containers(of format: ManifestFormat) -> [SegmentContainer] {
        switch format {
        case .hls: [hlsSegments, .webvtt]
        case .dash: [.fmp4]
        }
    }

    /// - Parameters:
    ///   - facts: What the listener heard while the package was written.
    ///   - segmentDuration: The target segment duration in seconds.
    ///   - output: Where to write.
    ///   - written: Told of each manifest written (path, bytes).
    /// - Returns: The paths of the top-level manifests.
    func publish(
        _ facts: PackageFactsCollector, segmentDuration: Double, to output: any MultiFileOutput,
        written: (String, Int) -> Void
    ) throws -> [String] {
        var entries: [String] = []
        if formats.contains(.hls) {
            var hls = facts.package(containers: containers(of: .hls), segmentDuration: segmentDuration)
            hls.images = images
            hls.cuePoints = cuePoints
            hls.programStart = programStart
            for file in HLSWriter().playlists(for: hls) {
                let data = Data(file.text.utf8)
                try output.write(data, to: file.path, contentType: .hlsPlaylist)
                written(file.path, data.count)
                if !file.path.contains("/") { entries.append(file.path) }
            }
        }
        if formats.contains(.dash) {
            var dash = facts.package(containers: containers(of: .dash), segmentDuration: segmentDuration)
            dash.images = images
            dash.cuePoints = cuePoints
            let file = DASHWriter().manifest(for: dash)
            let data = Data(file.text.utf8)
            try output.write(data, to: file.path, contentType: .dashManifest)
            written(file.path, data.count)
            entries.append(file.path)
        }
        return entries
    }
}
