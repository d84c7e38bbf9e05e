import Foundation
import ReelManifest
import ReelMedia
import ReelOutput

/// The last step of a rendition: muxes its packets into each container it is written in (fMP4
/// for DASH and HLS, MPEG-TS for legacy HLS), cuts every container at the same packets, writes
/// each segment file, and tells the listeners.
///
/// Segments are stated on the presentation timeline (0 = the first picture), whatever offset the
/// container adds (`SegmentMuxer`): a segment starts at its earliest picture and ends where the
/// next one starts. These differ from the keyframe's instant after an open GOP's keyframe (an
/// HEVC CRA), whose leading pictures follow it in decoding order but are shown before it; such a
/// segment is marked `startsWithOpenGOP` (DASH SAP type 3). Each segment is written when the next one arrives, so that a
/// final piece shorter than `SegmentTiming.tailMerge` (audio running a frame past the last cut,
/// a stream ending just after one) joins the segment before it; a segment may then hold several
/// `[moof mdat]` fragments.
///
/// With a `FileWriteQueue`, files are written on the queue's thread while this one goes on, and
/// the listeners hear of each file from that thread once it is written, in the same order.
final class SegmentWriter: MediaHandler {
    /// One container of the rendition.
    private final class Track {
        let muxer: SegmentMuxer
        var description: TrackDescription
        let contentType: ContentType
        /// Encrypts the track's files, when the package is encrypted.
        var protector: (any SegmentProtector)?
        /// A cut segment waiting for the next one.
        var held: Piece?
        var written = 0

        init(muxer: SegmentMuxer, description: TrackDescription, contentType: ContentType) {
            self.muxer = muxer
            self.description = description
            self.contentType = contentType
        }

        var timescale: Int64 { description.rendition.timescale }
    }

    /// A cut segment: its bytes, presentation start and duration in the track's ticks, and
    /// where its first keyframe lies (for I-frame playlists).
    private struct Piece {
        var bytes: Data
        var startTime: Int64
        var duration: Int64
        var keyframeRange: ByteRange?
        var startsWithOpenGOP: Bool
    }

    private let tracks: [Track]
    private let output: any MultiFileOutput
    private let queue: FileWriteQueue?
    private let listener: any SegmentListener
    private let packetTimeBase: Rational
    private var segmentStart: Int64?
    private var segmentEnd: Int64 = 0
    /// The pts of the current segment's first packet (its keyframe).
    private var segmentFirst: Int64 = 0
    /// Whether a packet of the current segment is shown before its first packet: the segment
    /// starts with an open GOP's keyframe and its leading pictures.
    private var segmentHasLeadingPictures = false

    /// - Parameters:
    ///   - rendition: What the manifests say of the rendition; its container, timescale and
    ///     segments are filled in per container.
    ///   - codec: The encoded stream (an encoder's output or a copied source stream); packets
    ///     arrive in its time base.
    ///   - containers: The containers to write.
    ///   - timescale: Track timescale for fMP4 (MPEG-TS counts 90 kHz).
    ///   - language: Track language, if known.
    ///   - contentType: Content type of fMP4 files (`video/mp4` or `audio/mp4`).
    ///   - output: Where the files go.
    ///   - queue: Writes the files on a thread of its own, when given; otherwise they are written
    ///     on the calling thread.
    ///   - listener: Hears of every track and segment.
    ///   - protection: The package's encryption, which gives each container its protector.
    init(
        rendition: RenditionFacts, codec: CodecParameters, containers: [SegmentContainer], timescale: Int,
        language: String?, contentType: ContentType, output: any MultiFileOutput, queue: FileWriteQueue? = nil,
        listener: any SegmentListener, protection: PackageProtection? = nil
    ) throws {
        packetTimeBase = codec.timeBase
        self.output = output
        self.queue = queue
        self.listener = listener
        tracks = try containers.map { container in
            let ticks = container == .ts ? 90_000 : timescale
            var facts = rendition
            facts.container = container
            facts.timescale = Int64(ticks)
            facts.initFileName = container == .fmp4 ? PackageLayout.initSegment : nil
            facts.segments = []
            let protector = try protection?.protector(
                isVideo: rendition.kind == .video, height: rendition.video?.height ?? 0, container: container,
                id: rendition.id)
            facts.protection = protector?.facts
            let track = Track(
                muxer: try SegmentMuxer(codec: codec, format: container, timescale: ticks, language: language),
                description: TrackDescription(rendition: facts, presentationZero: 0),
                contentType: container == .ts ? .mpegTS : contentType)
            track.protector = protector
            return track
        }
    }

    /// Writes the headers (the fMP4 init segment, whose edit list starts the presentation at the
    /// offset), fixes every container's presentation offset, and tells the listeners. An fMP4
    /// header that needs the stream's first frames (AC-3, E-AC-3, in-band parameter sets) is
    /// written with the first segment instead.
    /// - Parameter offset: The package's presentation offset in seconds.
    func start(offset: Rational) throws {
        for track in tracks {
            let header = try track.muxer.start(presentationOffset: offset)
            track.description.presentationZero = track.muxer.presentationZero
            let (listener, description) = (listener, track.description)
            if let header, track.description.rendition.initFileName != nil {
                try writeHeader(header, of: track) { listener.trackStarted(description) }
            } else if let queue {
                // In its turn after the headers queued before it.
                try queue.then { listener.trackStarted(description) }
            } else {
                listener.trackStarted(description)
            }
        }
    }

    /// Writes a track's init segment (encrypted when the package is), then runs `then`.
    private func writeHeader(
        _ header: [UInt8], of track: Track, then: @escaping @Sendable () -> Void = {}
    ) throws {
        guard let name = track.description.rendition.initFileName else { return }
        let bytes = try track.protector?.protectInitSegment(header) ?? header
        try write(Data(bytes), to: PackageLayout.path(track.description.id, name), as: track.contentType, then: then)
    }

    func process(_ chunk: ChunkedPacket) throws {
        let packet = chunk.packet
        guard let pts = packet.pts else { return }
        if chunk.startsSegment, let start = segmentStart {
            try cut(start: start, end: pts, isLast: false)
        }
        if chunk.startsSegment || segmentStart == nil {
            segmentStart = pts
            segmentFirst = pts
            segmentHasLeadingPictures = false
        }
        if pts < segmentFirst { segmentHasLeadingPictures = true }
        segmentStart = min(segmentStart ?? pts, pts)
        segmentEnd = max(segmentEnd, pts + max(packet.duration, 1))
        for (index, track) in tracks.enumerated() {
            try track.muxer.write(index == tracks.count - 1 ? packet : packet.clone())
        }
    }

    /// Writes the last segment of every container.
    func flush() throws {
        guard let start = segmentStart else { return }
        try cut(start: start, end: segmentEnd, isLast: true)
        segmentStart = nil
    }

    private func cut(start: Int64, end: Int64, isLast: Bool) throws {
        for track in tracks {
            let segment = isLast ? try track.muxer.finish() : try track.muxer.cut()
            if let header = segment.initSegment { try writeHeader(header, of: track) }
            guard !segment.bytes.isEmpty else { continue }
            // Presentation times; what lies before zero (the first audio frame's priming) is not shown.
            let tb = track.muxer.timeBase
            let from = max(0, rescale(start, from: packetTimeBase, to: tb))
            let to = rescale(end, from: packetTimeBase, to: tb)
            let range = segment.keyframeRange.map { ByteRange(offset: $0.lowerBound, length: $0.count) }
            let piece = Piece(
                bytes: segment.bytes, startTime: from, duration: to - from, keyframeRange: range,
                startsWithOpenGOP: segmentHasLeadingPictures && track.written + (track.held == nil ? 0 : 1) > 0)
            try hold(piece, in: track, isLast: isLast)
        }
    }

    /// Writes the held segment, ended where this one starts, and holds this one; a last piece
    /// shorter than the tail limit joins the held segment instead.
    private func hold(
        _ segment: Piece, in track: Track,
        isLast: Bool
    ) throws {
        // This segment's earliest picture (before its keyframe after an open GOP) ends the one before.
        if var previous = track.held, segment.startTime > previous.startTime {
            previous.duration = segment.startTime - previous.startTime
            track.held = previous
        }
        if isLast, var previous = track.held,
            Double(segment.duration) < SegmentTiming.tailMerge * Double(track.timescale)
        {
            track.held = nil
            previous.bytes += segment.bytes
            previous.duration += segment.duration
            try write(previous, of: track)
            return
        }
        if let previous = track.held { try write(previous, of: track) }
        track.held = segment
        if isLast {
            track.held = nil
            try write(segment, of: track)
        }
    }

    private func write(
        _ segment: Piece, of track: Track
    ) throws {
        track.written += 1
        let name = PackageLayout.segment(track.written, in: track.description.container)
        var bytes = segment.bytes
        var keyframeRange = segment.keyframeRange
        if let protector = track.protector {
            // Encryption inserts boxes (CENC) or changes every byte (AES-128): the keyframe's range
            // moves with the inserted boxes, or means nothing any more.
            var clear = [UInt8](bytes)
            let moved = try protector.protectMediaSegment(&clear, number: track.written)
            bytes = Data(clear)
            keyframeRange = keyframeRange.flatMap { range in
                moved.map { move in
                    let start = move(range.offset)
                    return ByteRange(offset: start, length: move(range.offset + range.length) - start)
                }
            }
        }
        let fact = SegmentFact(
            number: track.written, fileName: name, startTime: segment.startTime, duration: segment.duration,
            byteSize: bytes.count, keyframeRange: keyframeRange, startsWithOpenGOP: segment.startsWithOpenGOP)
        let (listener, description) = (listener, track.description)
        try write(bytes, to: PackageLayout.path(track.description.id, name), as: track.contentType) {
            listener.segmentWritten(fact, in: description)
        }
    }

    /// Writes a file, through the queue when there is one, then tells the listeners.
    private func write(
        _ data: Data, to path: String, as contentType: ContentType, then: @escaping @Sendable () -> Void
    ) throws {
        if let queue {
            try queue.write(data, to: path, contentType: contentType, then: then)
        } else {
            try output.write(data, to: path, contentType: contentType)
            then()
        }
    }
}
