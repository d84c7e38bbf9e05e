/// A DASH `SegmentTimeline` with one `S` per segment (the `SegmentList` names each segment anyway).
///
/// No `@r`: dash.js 5.1 and GStreamer 1.22's dashdemux2 read a `SegmentList` timeline with
/// `<S d="…" r="4"/>` as fewer than its five segments and end the presentation early.
internal struct SegmentTimeline {
    /// One `S` element.
    internal struct Entry: Equatable {
        /// Start time; present on the first entry and where a segment does not start at the previous end.
        internal var time: Int64?
        internal var duration: Int64
    }

    internal let entries: [Entry]

    /// Builds the timeline of a rendition's segments.
    /// - Parameter segments: The segments in presentation order.
    internal init(segments: [SegmentFact]) {
        var previousEnd: Int64?
        entries = segments.map { segment in
            defer { previousEnd = segment.startTime + segment.duration }
            return Entry(time: segment.startTime == previousEnd ? nil : segment.startTime, duration: segment.duration)
        }
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
                return XMLNode("S", attributes)
            })
    }
}
