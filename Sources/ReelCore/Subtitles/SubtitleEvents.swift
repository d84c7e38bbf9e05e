import ReelMedia

/// Turns subtitle events decoded by libavcodec (embedded tracks, ASS/SSA files) into cues.
enum SubtitleEvents {
    /// Seconds a cue lasts when its stream gives no end and no later cue follows soon.
    static let defaultDuration = 5.0

    /// Converts events to cues on the package's timeline.
    /// - Parameters:
    ///   - events: Events in stream order.
    ///   - header: The ASS script header (style alignments), if any.
    ///   - zero: The source time (seconds) of presentation time zero.
    ///   - scriptFields: Whether ASS events follow the script's own `[Events]` format (a `.ass` file read
    ///     by libavformat) rather than the fixed Matroska/libavcodec layout.
    /// - Returns: Cues with WebVTT text and positioning, times as decoded (not yet normalised).
    static func cues(
        _ events: [SubtitleEvent], header: String?, zero: Double, scriptFields: Bool = false
    ) -> [SubtitleCue] {
        let alignments = header.map(ASSText.styleAlignments) ?? [:]
        let fields = scriptFields ? ASSText.eventFields(header: header) : ASSText.standardEventFields
        let ordered = events.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }
            .map(\.element)
        var cues: [SubtitleCue] = []
        for (index, event) in ordered.enumerated() {
            var end = event.end
            if end == nil {
                let next = ordered[(index + 1)...].first { $0.start > event.start }?.start
                end = min(next ?? .infinity, event.start + defaultDuration)
            }
            let start = milliseconds(event.start - zero)
            let stop = milliseconds((end ?? event.start) - zero)
            for line in event.lines {
                switch event.format {
                case .ass:
                    let (style, text) = ASSText.fields(ofEvent: line, fields: fields)
                    let converted = ASSText.convert(text)
                    let alignment = converted.alignment ?? alignments[style]
                    cues.append(
                        SubtitleCue(
                            start: start, end: stop, text: converted.text,
                            settings: alignment.map(CueSettings.numpad) ?? CueSettings()))
                case .webVTT:
                    cues.append(SubtitleCue(start: start, end: stop, text: CueText.normalize(line, dialect: .webVTT)))
                case .plain:
                    cues.append(
                        SubtitleCue(
                            start: start, end: stop, text: CueText.normalize(CueText.escape(line), dialect: .webVTT)))
                }
            }
        }
        return cues
    }

    private static func milliseconds(_ seconds: Double) -> Int64 {
        Int64((seconds * 1000).rounded())
    }
}
