import ReelManifest

/// The segment instants subtitle files are cut at, taken from a written media rendition (the
/// first video rung, or the first audio rendition of an audio-only package) in one container.
struct SubtitleTimeline: Sendable, Equatable {
    /// Ticks per second of `segments`.
    var timescale: Int64
    /// The reference rendition's segments on the presentation timeline (0 = the first picture):
    /// start and duration in ticks.
    var segments: [SegmentFact]
    /// The MPEG-TS timestamp (90 kHz) of presentation time zero, as HLS players see the media:
    /// 0 for fMP4 (its edit list starts the presentation at zero), the presentation offset plus the
    /// MPEG-TS muxer's own shift for TS segments.
    var mpegTS: Int64

    /// Creates a timeline.
    /// - Parameters:
    ///   - timescale: Ticks per second.
    ///   - segments: The reference segments, on the presentation timeline.
    ///   - mpegTS: 90 kHz timestamp of presentation zero for `X-TIMESTAMP-MAP`.
    init(timescale: Int64, segments: [SegmentFact], mpegTS: Int64) {
        self.timescale = timescale
        self.segments = segments
        self.mpegTS = mpegTS
    }

    /// Milliseconds on the presentation timeline → ticks (rounded to the nearest tick).
    func ticks(milliseconds: Int64) -> Int64 {
        (milliseconds * timescale + 500) / 1000
    }

    /// The cues that show during a segment: starting before its end and ending after its start.
    /// The last segment keeps every cue that starts before it ends.
    func cues(_ cues: [SubtitleCue], in index: Int) -> [SubtitleCue] {
        let segment = segments[index]
        let end = segment.startTime + segment.duration
        return cues.filter { ticks(milliseconds: $0.start) < end && ticks(milliseconds: $0.end) > segment.startTime }
    }

    /// Cues that start at or after the end of the last segment (they would never show).
    func cuesAfterEnd(_ cues: [SubtitleCue]) -> Int {
        guard let last = segments.last else { return cues.count }
        return cues.filter { ticks(milliseconds: $0.start) >= last.startTime + last.duration }.count
    }
}
