import ReelManifest

extension PackageSummary {
    /// The summary of a finished run.
    /// - Parameters:
    ///   - source: The source reference.
    ///   - listed: The package as its first manifest sees it: the renditions listed, the duration.
    ///   - tracks: Every track written (every container), for the total size.
    ///   - manifests: The top-level manifests.
    ///   - wallTime: Seconds the run took.
    ///   - warnings: Warnings reported.
    ///   - contentID: The SHA-256 of the source bytes, when known.
    ///   - copied: The renditions that are source streams copied as they are.
    init(
        source: String, listed: PackageFacts, tracks: [TrackDescription], manifests: [String], wallTime: Double,
        warnings: Int, contentID: String?, copied: Set<String> = []
    ) {
        // A subtitle track appears twice in fMP4 packages (WebVTT segments for HLS, fMP4 for DASH).
        var seen = Set<String>()
        let renditions = listed.renditions.filter { seen.insert($0.id).inserted }.map { r -> RenditionSummary in
            let stats = BitrateStats(rendition: r)
            return RenditionSummary(
                id: r.id, kind: r.kind.rawValue, codecs: r.codecs, width: r.video?.width, height: r.video?.height,
                frameRate: r.video?.frameRate.value, segments: r.segments.count,
                bytes: r.segments.reduce(0) { $0 + $1.byteSize }, peakBitrate: stats.peak,
                averageBitrate: stats.average,
                copied: copied.contains(r.id))
        }
        let total = tracks.flatMap(\.rendition.segments).reduce(0) { $0 + $1.byteSize }
        self.init(
            source: source, duration: listed.duration, renditions: renditions, manifests: manifests,
            totalBytes: total, wallTime: wallTime, contentID: contentID, warnings: warnings)
    }
}
