/// Writes a subtitle track as segmented WebVTT for HLS (RFC 8216 §3.5): one file per media
/// segment, cut at the same instants, each starting with `X-TIMESTAMP-MAP` so that cue time
/// zero is presentation time zero of the video. A cue that spans a boundary is repeated in both
/// segments with its full times, as the HLS specification asks.
struct WebVTTSegmenter: Sendable {
    let timeline: SubtitleTimeline

    /// - Parameter timeline: The segment instants and timestamp mapping.
    init(timeline: SubtitleTimeline) {
        self.timeline = timeline
    }

    /// The `X-TIMESTAMP-MAP` header line: cue time 0 is MPEG-TS time `mpegTS`.
    var timestampMap: String { "X-TIMESTAMP-MAP=MPEGTS:\(timeline.mpegTS),LOCAL:00:00:00.000" }

    /// The text of every segment file, in order.
    ///
    /// Every block, the header included, ends with a blank line: players that feed the segments
    /// to one streaming WebVTT parser (GStreamer's hlsdemux2) only emit a cue once a blank line
    /// closes it, and would lose each segment's last cue otherwise.
    /// - Parameter track: The track.
    /// - Returns: One WebVTT file per reference segment (a segment without cues has only the header).
    func segments(for track: SubtitleTrack) -> [String] {
        timeline.segments.indices.map { index in
            var text = "WEBVTT\n\(timestampMap)\n\n"
            for style in track.styles { text += "STYLE\n\(style)\n\n" }
            for cue in timeline.cues(track.cues, in: index) { text += Self.cueBlock(cue) + "\n" }
            return text
        }
    }

    /// One cue block: identifier, timing line with settings, payload; ends with a newline.
    /// - Parameter cue: The cue.
    /// - Returns: The block text.
    static func cueBlock(_ cue: SubtitleCue) -> String {
        var block = ""
        if let identifier = cue.identifier, !identifier.isEmpty, !identifier.contains("-->") {
            block += identifier + "\n"
        }
        block += SubtitleTimestamp.webVTT(cue.start) + " --> " + SubtitleTimestamp.webVTT(cue.end)
        if !cue.settings.isEmpty { block += " " + cue.settings.text }
        return block + "\n" + cue.text + "\n"
    }
}
