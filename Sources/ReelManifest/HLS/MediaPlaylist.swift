/// The media playlist of one rendition and, for video with known keyframe ranges, its I-frame playlist.
internal struct MediaPlaylist {
    internal let rendition: RenditionFacts
    /// The package's ad breaks, each marked before the segment that starts at it.
    internal var cuePoints: [CuePoint] = []
    /// Presentation time zero on the wall clock (milliseconds since 1970, UTC), for
    /// `EXT-X-PROGRAM-DATE-TIME` and the breaks' `START-DATE`.
    internal var programStart: Int64 = 0

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
        let breaks = breaksBySegment
        if !breaks.isEmpty {
            // DATERANGE dates are only meaningful with the playlist's segments on the wall clock.
            lines.append("#EXT-X-PROGRAM-DATE-TIME:\(ProgramDateTime.text(milliseconds: programStart))")
        }
        for (index, (segment, micros)) in zip(rendition.segments, rendition.segmentMicroseconds).enumerated() {
            for cue in breaks[index] ?? [] { lines.append(dateRange(cue)) }
            lines.append("#EXTINF:\(FixedPoint.text(micros, decimals: 6)),")
            lines.append(segment.fileName)
        }
        lines.append("#EXT-X-ENDLIST")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The breaks by the index of the segment that starts at each.
    private var breaksBySegment: [Int: [CuePoint]] {
        let starts = rendition.segmentStartSeconds
        var breaks: [Int: [CuePoint]] = [:]
        for cue in cuePoints {
            if let index = cue.segmentIndex(starts: starts) { breaks[index, default: []].append(cue) }
        }
        return breaks
    }

    /// One break as SSAI services (AWS MediaTailor among them) read it: an `EXT-X-DATERANGE`
    /// at the break's instant with the SCTE-35 splice insert in `SCTE35-OUT`. `DURATION=0`: the
    /// break is an instant of the programme where ads are inserted, none of it is replaced.
    private func dateRange(_ cue: CuePoint) -> String {
        let start = programStart + Int64((cue.time * 1000).rounded())
        return
            "#EXT-X-DATERANGE:ID=\"splice-\(cue.number)\",START-DATE=\"\(ProgramDateTime.text(milliseconds: start))\""
            + ",DURATION=0,SCTE35-OUT=\(cue.spliceInsert.hex)"
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
