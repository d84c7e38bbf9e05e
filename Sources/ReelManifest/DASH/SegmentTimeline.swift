/// A DASH `SegmentTimeline`: runs of equal, contiguous segment durations merged into one `S` with `@r`.
internal struct SegmentTimeline {
    /// One `S` element.
    internal struct Entry: Equatable {
        /// Start time; present on the first entry and where a segment does not start at the previous end.
        internal var time: Int64?
        internal var duration: Int64
        /// Number of repeats after the first segment.
        internal var repeats: Int
    }

    internal let entries: [Entry]

    /// Builds the timeline of a rendition's segments.
    /// - Parameter segments: The segments in presentation order.
    internal init(segments: [SegmentFact]) {
        var entries: [Entry] = []
        var previousEnd: Int64?
        for segment in segments {
            let contiguous = segment.startTime == previousEnd
            if contiguous, let last = entries.last, last.duration == segment.duration {
                entries[entries.count - 1].repeats += 1
            } else {
                let time = contiguous ? nil : segment.startTime
                entries.append(Entry(time: time, duration: segment.duration, repeats: 0))
            }
            previousEnd = segment.startTime + segment.duration
        }
        self.entries = entries
    }

    /// The `SegmentTimeline` element.
    internal var node: XMLNode {
        XMLNode(
            "SegmentTimeline",
            children: entries.map { entry in
                var attributes: [(name: String, value: String)] = []
                if let time = entry.time {
                    attributes.append(("t", String(time)))
                }
                attributes.append(("d", String(entry.duration)))
                if entry.repeats > 0 {
                    attributes.append(("r", String(entry.repeats)))
                }
                return XMLNode("S", attributes)
            })
    }
}
