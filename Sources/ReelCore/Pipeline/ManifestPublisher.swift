import Foundation
import ReelManifest
import ReelOutput

/// Writes the manifests of a finished package: HLS media playlists first, the master playlist and
/// the MPD last.
struct ManifestPublisher {
    let formats: Set<ManifestFormat>
    /// The container HLS refers to; DASH always uses fMP4.
    let hlsContainer: SegmentContainer

    /// - Parameters:
    ///   - facts: The measured package, once per container written.
    ///   - output: Where to write.
    ///   - written: Told of each manifest written (path, bytes).
    /// - Returns: The paths of the top-level manifests.
    func publish(_ facts: [PackageFacts], to output: any MultiFileOutput, written: (String, Int) -> Void) throws
        -> [String]
    {
        func package(_ container: SegmentContainer) -> PackageFacts? {
            facts.first { $0.renditions.first?.container == container }
        }
        var entries: [String] = []
        if formats.contains(.hls), let hls = package(hlsContainer) {
            for file in HLSWriter().playlists(for: hls) {
                let data = Data(file.text.utf8)
                try output.write(data, to: file.path, contentType: .hlsPlaylist)
                written(file.path, data.count)
                if !file.path.contains("/") { entries.append(file.path) }
            }
        }
        if formats.contains(.dash), let dash = package(.fmp4) {
            let file = DASHWriter().manifest(for: dash)
            let data = Data(file.text.utf8)
            try output.write(data, to: file.path, contentType: .dashManifest)
            written(file.path, data.count)
            entries.append(file.path)
        }
        return entries
    }
}
