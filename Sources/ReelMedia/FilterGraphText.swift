import CFFmpeg

/// Parses a libavfilter graph description whose open ends are filters already in the graph.
///
/// A description such as `[distorted][reference]psnr[out]` names its loose inputs and outputs;
/// `parse` links each name to the buffer source or sink created for it:
///
/// ```swift
/// let code = FilterGraphText.parse(
///     "[in]scale=640:360[out]", into: graph, sources: [("in", source)], sinks: [("out", sink)])
/// ```
enum FilterGraphText {
    /// A named open end and the filter context behind it.
    typealias End = (name: String, context: UnsafeMutablePointer<AVFilterContext>?)

    /// Parses `text` into `graph`, its named inputs fed by `sources` and its named outputs feeding `sinks`.
    /// - Parameters:
    ///   - text: The filter graph description.
    ///   - graph: The graph that holds the sources and sinks.
    ///   - sources: Filters whose output pad 0 feeds the description's input of the same name.
    ///   - sinks: Filters whose input pad 0 takes the description's output of the same name.
    /// - Returns: FFmpeg's status (negative on error).
    static func parse(
        _ text: String, into graph: UnsafeMutablePointer<AVFilterGraph>?, sources: [End], sinks: [End]
    ) -> Int32 {
        var outputs = list(sources)
        var inputs = list(sinks)
        defer {
            avfilter_inout_free(&outputs)
            avfilter_inout_free(&inputs)
        }
        return avfilter_graph_parse_ptr(graph, text, &inputs, &outputs, nil)
    }

    /// A linked list of open ends in the given order, pad 0 of each.
    private static func list(_ ends: [End]) -> UnsafeMutablePointer<AVFilterInOut>? {
        var head: UnsafeMutablePointer<AVFilterInOut>?
        for end in ends.reversed() {
            guard let link = avfilter_inout_alloc() else { continue }
            link.pointee.name = av_strdup(end.name)
            link.pointee.filter_ctx = end.context
            link.pointee.pad_idx = 0
            link.pointee.next = head
            head = link
        }
        return head
    }
}
