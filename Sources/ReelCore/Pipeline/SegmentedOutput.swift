import ReelManifest
import ReelMedia
import ReelOutput

/// The containers one rendition is written in (fMP4 for DASH and HLS, MPEG-TS for legacy HLS):
/// every encoded packet goes to each, and each is cut at the same packets into numbered segments.
///
/// Segments are recorded on the presentation timeline (0 = the first picture): the times the
/// manifests state, whatever offset the container adds (`SegmentMuxer`).
final class SegmentedOutput {
    /// One container of the rendition.
    final class Track {
        let container: SegmentContainer
        let muxer: SegmentMuxer
        let recorder: SegmentRecorder

        init(container: SegmentContainer, muxer: SegmentMuxer, recorder: SegmentRecorder) {
            self.container = container
            self.muxer = muxer
            self.recorder = recorder
        }
    }

    let tracks: [Track]
    private let encoderTimeBase: Rational
    private var segmentStart: Int64?
    private var segmentEnd: Int64 = 0

    /// - Parameters:
    ///   - encoder: The rendition's encoder.
    ///   - id: The rendition id (its directory).
    ///   - containers: The containers to write.
    ///   - timescale: Track timescale for fMP4.
    ///   - language: Track language, if known.
    ///   - contentType: Content type of fMP4 files (`video/mp4` or `audio/mp4`).
    init(
        encoder: Encoder, id: String, containers: [SegmentContainer], timescale: Int, language: String?,
        contentType: ContentType, output: any MultiFileOutput, reporter: ProgressReporter
    ) throws {
        encoderTimeBase = encoder.settings.timeBase
        tracks = try containers.map { container in
            let ts = container == .mpegts
            let muxer = try SegmentMuxer(
                encoder: encoder, format: ts ? .mpegTS : .fragmentedMP4, timescale: ts ? 90_000 : timescale,
                language: language)
            let recorder = SegmentRecorder(
                renditionID: id, timescale: Int64(ts ? 90_000 : timescale), fileExtension: ts ? "ts" : "m4s",
                contentType: ts ? .mpegTS : contentType, output: output, reporter: reporter)
            return Track(container: container, muxer: muxer, recorder: recorder)
        }
    }

    /// Writes the headers (the fMP4 init segment, whose edit list starts the presentation at the
    /// offset) and fixes the presentation offset of every container.
    /// - Parameter offset: The package's presentation offset in seconds.
    func start(offset: Rational) throws {
        for track in tracks {
            let header = try track.muxer.start(presentationOffset: offset)
            if track.container == .fmp4 { try track.recorder.writeInit(header) }
        }
    }

    /// Writes one packet to every container.
    /// - Parameters:
    ///   - packet: The packet, timestamps in the encoder's time base.
    ///   - startsSegment: Whether a new segment begins with this packet.
    func write(_ packet: Packet, startsSegment: Bool) throws {
        guard let pts = packet.pts else { return }
        if startsSegment, let start = segmentStart {
            try cut(start: start, end: pts, isLast: false)
        }
        if startsSegment || segmentStart == nil { segmentStart = pts }
        segmentStart = min(segmentStart ?? pts, pts)
        segmentEnd = max(segmentEnd, pts + max(packet.duration, 1))
        for (index, track) in tracks.enumerated() {
            try track.muxer.write(index == tracks.count - 1 ? packet : packet.clone())
        }
    }

    /// Writes the last segment of every container.
    func finish() throws {
        guard let start = segmentStart else { return }
        try cut(start: start, end: segmentEnd, isLast: true)
        segmentStart = nil
    }

    private func cut(start: Int64, end: Int64, isLast: Bool) throws {
        for track in tracks {
            let segment = isLast ? try track.muxer.finish() : try track.muxer.cut()
            guard !segment.bytes.isEmpty else { continue }
            // Presentation times; what lies before zero (the first audio frame's priming) is not shown.
            let tb = track.muxer.timeBase
            let from = max(0, rescale(start, from: encoderTimeBase, to: tb))
            let to = rescale(end, from: encoderTimeBase, to: tb)
            try track.recorder.writeSegment(
                segment.bytes, startTime: from, duration: to - from, isLast: isLast,
                keyframeRange: segment.keyframeRange.map { ByteRange(offset: $0.lowerBound, length: $0.count) })
        }
    }

    /// The track for a container, if written.
    func track(_ container: SegmentContainer) -> Track? {
        tracks.first { $0.container == container }
    }

    /// Bytes written so far across containers.
    var totalBytes: Int { tracks.reduce(0) { $0 + $1.recorder.totalBytes } }
}
