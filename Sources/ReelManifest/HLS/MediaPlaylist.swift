/// The media playlist of one rendition and, for video with known keyframe ranges, its I-frame playlist.
internal struct MediaPlaylist {
    internal let rendition: RenditionFacts

    /// `{id}/index.m3u8`, relative to the package root.
    internal var path: String { PackageLayout.mediaPlaylist(rendition.id) }

    /// `{id}/iframes.m3u8`, relative to the package root.
    internal var iFramePath: String { PackageLayout.iFramePlaylist(rendition.id) }

    /// Whether an I-frame playlist can be written: a video rendition whose every segment has a keyframe range.
    internal var hasIFrames: Bool {
        rendition.kind == .video && !rendition.segments.isEmpty
            && rendition.segments.allSatisfy { $0.keyframeRange != nil }
    }

    /// The I-frame playlist's peak bit rate: the largest keyframe size over its segment's duration, rounded up.
    internal var iFrameBandwidth: Int {
        BitrateStats.largestRate(
            sizes: rendition.segments.map { $0.keyframeRange?.length ?? 0 },
            durations: rendition.segments.map(\.duration), timescale: rendition.timescale)
    }

    /// The media playlist text.
    /// - Returns: A complete VOD media playlist.
    internal func text() -> String {
        var lines = header(iFramesOnly: false)
        for (segment, micros) in zip(rendition.segments, rendition.segmentMicroseconds) {
            lines.append("#EXTINF:\(FixedPoint.text(micros, decimals: 6)),")
            lines.append(segment.fileName)
        }
        lines.append("#EXT-X-ENDLIST")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The I-frame playlist text: one keyframe byte range per segment.
    /// - Returns: A complete I-frames-only VOD playlist (only meaningful when `hasIFrames`).
    internal func iFrameText() -> String {
        var lines = header(iFramesOnly: true)
        for (segment, micros) in zip(rendition.segments, rendition.segmentMicroseconds) {
            guard let range = segment.keyframeRange else { continue }
            lines.append("#EXTINF:\(FixedPoint.text(micros, decimals: 6)),")
            lines.append("#EXT-X-BYTERANGE:\(range.length)@\(range.offset)")
            lines.append(segment.fileName)
        }
        lines.append("#EXT-X-ENDLIST")
        return lines.joined(separator: "\n") + "\n"
    }

    private func header(iFramesOnly: Bool) -> [String] {
        var lines = [
            "#EXTM3U",
            "#EXT-X-VERSION:7",
            "#EXT-X-TARGETDURATION:\(rendition.targetDuration)",
            "#EXT-X-PLAYLIST-TYPE:VOD",
        ]
        lines.append(iFramesOnly ? "#EXT-X-I-FRAMES-ONLY" : "#EXT-X-INDEPENDENT-SEGMENTS")
        let keys = (rendition.protection?.hlsKeyAttributes ?? []).map { "#EXT-X-KEY:" + $0 }
        // SAMPLE-AES keys come before the map, whose init segment says how samples are protected;
        // an AES-128 key after it, so the init segment itself stays clear.
        let wholeSegment = rendition.protection?.method == .aes128
        if !wholeSegment { lines += keys }
        if rendition.container == .fmp4, let initFileName = rendition.initFileName {
            lines.append("#EXT-X-MAP:URI=\(initFileName.hlsQuoted)")
        }
        if wholeSegment { lines += keys }
        return lines
    }
}
