/// Writes a package's HLS playlists (RFC 8216, protocol version 7) from measured segment facts.
///
/// Layout: `{id}/index.m3u8` per rendition (subtitles only as segmented WebVTT), `{id}/iframes.m3u8` per video rendition whose segments all
/// have keyframe ranges, `{id}/index.m3u8` per image (thumbnail) track, listed in the master with
/// `EXT-X-IMAGE-STREAM-INF` (see `ImagePlaylist`), and `master.m3u8` at the root. Playlists refer to
/// init and media segments relative to their own directory; the master refers to `{id}/index.m3u8`.
public struct HLSWriter: Sendable {
    /// Creates a writer.
    public init() {}

    /// All playlists of a package.
    /// - Parameter package: The measured facts of every rendition.
    /// - Returns: Media and I-frame playlists in rendition order, image playlists, then `master.m3u8`
    ///   last, so an output that publishes in order never exposes a master that names a missing
    ///   playlist.
    public func playlists(for package: PackageFacts) -> [ManifestFile] {
        var files: [ManifestFile] = []
        for rendition in package.renditions where rendition.kind != .subtitles || rendition.container == .webvtt {
            let playlist = MediaPlaylist(
                rendition: rendition, cuePoints: package.cuePoints, programStart: package.programStart)
            files.append(ManifestFile(path: playlist.path, text: playlist.text()))
            if playlist.hasIFrames {
                files.append(ManifestFile(path: playlist.iFramePath, text: playlist.iFrameText()))
            }
        }
        for image in package.listedImages {
            let playlist = ImagePlaylist(track: image)
            files.append(ManifestFile(path: playlist.path, text: playlist.text()))
        }
        files.append(ManifestFile(path: PackageLayout.masterPlaylist, text: MasterPlaylist(package: package).text()))
        return files
    }
}
