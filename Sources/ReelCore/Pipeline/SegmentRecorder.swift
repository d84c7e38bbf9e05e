import Foundation
import ReelManifest
import ReelOutput

/// Writes one rendition's init segment and media segments to the output and keeps their facts.
final class SegmentRecorder {
    let renditionID: String
    let timescale: Int64
    private let fileExtension: String
    private let contentType: ContentType
    private let output: any MultiFileOutput
    private let reporter: ProgressReporter
    private(set) var segments: [SegmentFact] = []
    private(set) var totalBytes = 0

    init(
        renditionID: String, timescale: Int64, fileExtension: String, contentType: ContentType,
        output: any MultiFileOutput, reporter: ProgressReporter
    ) {
        self.renditionID = renditionID
        self.timescale = timescale
        self.fileExtension = fileExtension
        self.contentType = contentType
        self.output = output
        self.reporter = reporter
    }

    /// Writes `init.mp4`.
    func writeInit(_ bytes: [UInt8]) throws {
        try output.write(Data(bytes), to: "\(renditionID)/init.mp4", contentType: contentType)
        totalBytes += bytes.count
    }

    /// Seconds below which a final piece joins the segment before it.
    static let tailMerge = 0.25

    /// A segment waiting for the next one, so a tiny final piece can join it.
    private var held: Segment?

    private struct Segment {
        var bytes: [UInt8]
        var startTime: Int64
        var duration: Int64
        var keyframeRange: ByteRange?
    }

    /// Takes the next segment. Each segment is written when the following one arrives, so that
    /// a final piece shorter than `tailMerge` seconds (audio running a frame past the last cut,
    /// or a stream ending just after one) joins the segment before it instead of becoming a
    /// segment of its own; a segment may hold several `[moof mdat]` fragments.
    /// - Parameters:
    ///   - bytes: The segment file.
    ///   - startTime: Earliest presentation time, in `timescale` ticks.
    ///   - duration: Presentation duration, in `timescale` ticks.
    ///   - isLast: Whether this is the rendition's final segment.
    ///   - tailMerge: Seconds below which a final segment is merged into the previous one.
    ///   - keyframeRange: Where the segment's first keyframe lies, for I-frame playlists.
    func writeSegment(
        _ bytes: [UInt8], startTime: Int64, duration: Int64, isLast: Bool = false,
        tailMerge: Double = SegmentRecorder.tailMerge,
        keyframeRange: ByteRange? = nil
    ) throws {
        let segment = Segment(bytes: bytes, startTime: startTime, duration: duration, keyframeRange: keyframeRange)
        if isLast, var previous = held, Double(duration) < tailMerge * Double(timescale) {
            held = nil
            previous.bytes += bytes
            previous.duration += duration
            try flush(previous)
            return
        }
        if let previous = held { try flush(previous) }
        held = segment
        if isLast {
            held = nil
            try flush(segment)
        }
    }

    private func flush(_ segment: Segment) throws {
        let number = segments.count + 1
        let name = String(format: "seg_%05d.%@", number, fileExtension)
        let path = "\(renditionID)/\(name)"
        try output.write(Data(segment.bytes), to: path, contentType: contentType)
        totalBytes += segment.bytes.count
        segments.append(
            SegmentFact(
                number: number, fileName: name, startTime: segment.startTime, duration: segment.duration,
                byteSize: segment.bytes.count, keyframeRange: segment.keyframeRange))
        reporter.send(
            .segmentWritten(
                SegmentWritten(
                    rendition: renditionID, index: number, path: path, bytes: segment.bytes.count,
                    duration: Double(segment.duration) / Double(timescale))))
    }
}
