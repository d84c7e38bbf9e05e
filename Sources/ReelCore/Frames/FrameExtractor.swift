import Foundation
import ReelManifest
import ReelMedia

/// Extracts the frames displayed at given times: for each timestamp, the last frame whose
/// presentation time is ≤ T, upright, optionally scaled, as PNG or JPEG.
///
/// Timestamps are sorted; each keyframe block is sought once and decoded forward once for all
/// the timestamps that fall in it, so N timestamps cost about one decode of the blocks they touch.
/// ```swift
/// let extractor = try FrameExtractor(source: MediaSource(uri: "s3://media/talk.mp4"))
/// try extractor.extract(at: [1.5, 3, 10], format: .jpeg, width: 320) { frame in … }
/// ```
/// Not thread-safe: use one extractor from one thread.
final class FrameExtractor: @unchecked Sendable {
    /// The source being read.
    let source: MediaSource
    private let demuxer: Demuxer
    private let decoder: Decoder
    private let stream: StreamInfo
    /// Hashes the bytes read (the content id) as a side effect of extraction.
    let hasher: ContentHasher
    /// Container start time in the stream's time base (the origin of requested times).
    private let origin: Int64
    /// Duration of the source in seconds.
    let duration: Double
    /// Seeks performed by the last `extract` call (at most one per keyframe block touched).
    private(set) var seeks = 0
    /// Frames decoded by the last `extract` call.
    private(set) var decodedFrames = 0

    // Decoding state.
    private var queue: [Frame] = []
    private var drained = false

    /// Opens a source and its video stream.
    /// - Parameters:
    ///   - source: The source.
    ///   - options: Network and S3 settings.
    /// - Throws: `ReelError`: `invalidInput` when the source has no video stream (for example an
    ///   audio file, or a `data:` URI that is not media).
    init(source: MediaSource, options: MediaSourceOptions = MediaSourceOptions()) throws(ReelError) {
        self.source = source
        let opened: (demuxer: Demuxer, hasher: ContentHasher)
        do {
            opened = try source.openDemuxer(options: options)
        } catch .unsupportedFormat(let name, let reason) {
            throw .invalidInput(
                source: name, stream: nil, reason: "not a video Reel can extract frames from (\(reason))")
        }
        demuxer = opened.demuxer
        hasher = opened.hasher
        guard let index = demuxer.bestStream(.video) else {
            let kinds = demuxer.streams.map { "\($0.kind.rawValue) (\($0.codecName))" }.joined(separator: ", ")
            throw .invalidInput(
                source: source.description, stream: nil,
                reason: "no video stream to extract frames from (streams: \(kinds.isEmpty ? "none" : kinds))")
        }
        let info = demuxer.streams[index]
        let container = demuxer.formatName
        if container.hasSuffix("_pipe") || container == "image2" {
            throw .invalidInput(
                source: source.description, stream: index,
                reason: "is a still image (\(info.codecName)), not a video: frames can only be extracted from video")
        }
        stream = info
        do {
            decoder = try Decoder(demuxer: demuxer, streamIndex: index)
        } catch {
            throw ReelError.classify(error, source: source.description)
        }
        demuxer.discardAll(except: [index])
        let start = demuxer.startTime ?? info.startTime ?? 0
        origin = Int64((start / info.timeBase.value).rounded())
        let streamEnd = info.duration.map { (info.startTime ?? start) + $0 - start }
        duration = streamEnd ?? demuxer.duration ?? 0
    }

    /// The video stream frames come from.
    var videoStream: StreamInfo { stream }

    /// Extracts the frames displayed at the given times.
    /// - Parameters:
    ///   - times: Seconds from the start of the source, in any order, duplicates allowed.
    ///   - format: PNG or JPEG.
    ///   - width: Output width (height keeps the display aspect ratio), nil for the source's size.
    ///   - deliver: Called once per distinct picked time with the image and the indices (in `times`)
    ///     it answers, in increasing time order.
    /// - Throws: `ReelError.permanent` for a time outside the stream; `invalidInput` when decoding fails.
    func extract(
        at times: [Double], format: ImageFormat = .png, width: Int? = nil,
        deliver: (ExtractedFrame) throws -> Void
    ) throws(ReelError) {
        if let width, width < 2 || width > 16384 {
            throw .permanent("--width must be between 2 and 16384, got \(width)")
        }
        let encoder = ImageEncoder(format: format, width: width, rotation: stream.rotation, timeBase: decoder.timeBase)
        var lastOutput: (pts: Int64, image: [UInt8], width: Int, height: Int)?
        try decodeFrames(at: times) { indices, requested, frame, ptsNanoseconds in
            if lastOutput?.pts != ptsNanoseconds {
                let image = try encoder.encode(frame)
                let size = Self.imageSize(image, format: format) ?? (0, 0)
                lastOutput = (ptsNanoseconds, image, size.0, size.1)
            }
            try deliver(
                ExtractedFrame(
                    requestIndices: indices, requestedTime: requested, ptsNanoseconds: ptsNanoseconds,
                    image: lastOutput!.image, width: lastOutput!.width, height: lastOutput!.height))
        }
    }

    /// Decodes the frames displayed at the given times, without encoding them (for sprite sheets
    /// and other consumers of raw pictures).
    /// - Parameters:
    ///   - times: Seconds from the start of the source, in any order, duplicates allowed.
    ///   - visit: Called once per distinct time, in increasing time order, with the indices (in
    ///     `times`) it answers, the requested time, the decoded frame (not yet rotated) and its
    ///     presentation time in nanoseconds.
    /// - Throws: `ReelError.permanent` for a time outside the stream; `invalidInput` when decoding fails.
    func decodeFrames(
        at times: [Double],
        visit: (_ indices: [Int], _ requestedTime: Double, _ frame: Frame, _ ptsNanoseconds: Int64)
            throws -> Void
    ) throws(ReelError) {
        seeks = 0
        decodedFrames = 0
        for t in times where !(t >= 0 && t < duration) || !t.isFinite {
            throw .permanent(
                "\(source): timestamp \(Self.format(t)) s is outside the video stream (0 … \(Self.format(duration)) s)")
        }
        let order = times.indices.sorted { times[$0] < times[$1] }
        var groups: [(time: Double, indices: [Int])] = []
        for i in order {
            if let last = groups.last, last.time == times[i] {
                groups[groups.count - 1].indices.append(i)
            } else {
                groups.append((times[i], [i]))
            }
        }
        var held: Frame?
        var lookahead: Frame?
        var positioned = false
        do {
            for group in groups {
                let target = ticks(group.time)
                let decodedUpTo = max(held.flatMap(Self.time) ?? Int64.min, lookahead.flatMap(Self.time) ?? Int64.min)
                if !positioned || needsSeek(to: target, decodedUpTo: decodedUpTo) {
                    try seek(to: target)
                    held = nil
                    lookahead = nil
                    positioned = true
                }
                var retries = 0
                while true {
                    if lookahead == nil { lookahead = try nextFrame() }
                    let pts = lookahead.map { Self.time($0) ?? Int64.min }
                    if let next = lookahead, let pts, pts <= target {
                        held = next
                        lookahead = nil
                        continue
                    }
                    // Nothing at or before the target after the seek: the container's seek landed
                    // after it (indexes by decode time, MPEG-TS bisecting by timestamps) or at the
                    // end. Step back further, up to three times (1 s, 4 s, 16 s), unless the target
                    // precedes the stream's first frame.
                    if held == nil, retries < 3, pts.map({ $0 > origin }) ?? true {
                        retries += 1
                        let step = Int64((pow(4, Double(retries - 1)) / stream.timeBase.value).rounded())
                        try seek(to: min(target, pts ?? target) - step)
                        lookahead = nil
                        continue
                    }
                    break
                }
                // Before the first frame (a stream starting slightly after the container): the
                // first frame is what is displayed.
                guard let picked = held ?? lookahead else {
                    throw ReelError.invalidInput(
                        source: source.description, stream: stream.index,
                        reason: "no decodable frame at \(Self.format(group.time)) s"
                            + (demuxer.hitReadError ? " (the source ends early: truncated?)" : ""))
                }
                try visit(group.indices, group.time, picked, nanoseconds(Self.time(picked) ?? target))
            }
        } catch let error as ReelError {
            throw error
        } catch {
            throw ReelError.classify(error, source: source.description)
        }
    }

    /// Extracts frames and returns them in the caller's order (duplicates repeated).
    /// - Parameters:
    ///   - times: Seconds from the start of the source.
    ///   - format: PNG or JPEG.
    ///   - width: Output width, or nil.
    /// - Returns: One frame per requested time, in the order given.
    /// - Throws: As `extract(at:format:width:deliver:)`.
    func extract(at times: [Double], format: ImageFormat = .png, width: Int? = nil) throws(ReelError)
        -> [ExtractedFrame]
    {
        var result = [ExtractedFrame?](repeating: nil, count: times.count)
        try extract(at: times, format: format, width: width) { frame in
            for i in frame.requestIndices {
                var copy = frame
                copy.requestIndices = [i]
                copy.requestedTime = times[i]
                result[i] = copy
            }
        }
        return result.map { $0! }
    }

    /// Extracts the frames that references point at (all must name this extractor's source).
    /// - Parameters:
    ///   - references: Frame references with `pts_ns`.
    ///   - format: PNG or JPEG.
    ///   - width: Output width, or nil.
    /// - Returns: One frame per reference, in order.
    /// - Throws: `ReelError.permanent` for a reference to another source or without a time.
    func extract(_ references: [FrameReference], format: ImageFormat = .png, width: Int? = nil)
        throws(ReelError) -> [ExtractedFrame]
    {
        var times: [Double] = []
        for reference in references {
            guard reference.uri == source.uri else {
                throw .permanent("frame reference \(reference.uri) is not from \(source)")
            }
            guard let pts = reference.ptsNanoseconds else {
                throw .permanent("frame reference to \(reference.uri) has no pts_ns")
            }
            times.append(Double(pts) / 1e9)
        }
        return try extract(at: times, format: format, width: width)
    }

    // MARK: - Decoding

    /// Whether reaching `target` needs a seek: the keyframe at or before it lies beyond what has
    /// been decoded (so decoding forward would decode frames nobody asked for).
    private func needsSeek(to target: Int64, decodedUpTo: Int64) -> Bool {
        if decodedUpTo == Int64.min { return true }
        if let keyframe = demuxer.indexedKeyframe(atOrBefore: target, stream: stream.index) {
            return keyframe > decodedUpTo
        }
        // No index (MPEG-TS and the like): seek only for a jump of several seconds.
        return Double(target - decodedUpTo) * stream.timeBase.value > 5
    }

    private func seek(to target: Int64) throws {
        if target <= origin {
            try demuxer.rewind(toStart: origin, stream: stream.index)
        } else {
            try demuxer.seek(toKeyframeBefore: target, stream: stream.index)
        }
        decoder.flush()
        queue.removeAll()
        drained = false
        seeks += 1
    }

    private func nextFrame() throws -> Frame? {
        while queue.isEmpty {
            if drained { return nil }
            guard let packet = try demuxer.read() else {
                // A damaged stream may fail to drain; what was decoded before still counts.
                queue = ((try? decoder.decode(nil)) ?? []).filter { !$0.isCorrupt }
                drained = true
                continue
            }
            guard packet.streamIndex == stream.index else { continue }
            let frames = (try? decoder.decode(packet)) ?? []
            queue = frames.filter { !$0.isCorrupt }
        }
        decodedFrames += 1
        return queue.removeFirst()
    }

    private static func time(_ frame: Frame) -> Int64? { frame.bestEffortTimestamp ?? frame.pts }

    /// Seconds from the start → stream ticks, rounding down with a microsecond of tolerance so a
    /// time written in decimal lands on the frame it names.
    private func ticks(_ seconds: Double) -> Int64 {
        origin + Int64(((seconds + 1e-6) / stream.timeBase.value).rounded(.down))
    }

    private func nanoseconds(_ pts: Int64) -> Int64 {
        let tb = stream.timeBase
        return Int64((Double(pts - origin) * Double(tb.numerator) * 1e9 / Double(tb.denominator)).rounded())
    }

    static func format(_ seconds: Double) -> String {
        String(format: "%.3f", seconds)
    }

    /// Width and height from a PNG IHDR or a JPEG SOF marker.
    static func imageSize(_ bytes: [UInt8], format: ImageFormat) -> (Int, Int)? {
        func be16(_ i: Int) -> Int { Int(bytes[i]) << 8 | Int(bytes[i + 1]) }
        func be32(_ i: Int) -> Int { be16(i) << 16 | be16(i + 2) }
        if format == .png {
            guard bytes.count >= 24 else { return nil }
            return (be32(16), be32(20))
        }
        var i = 2
        while i + 9 < bytes.count {
            guard bytes[i] == 0xFF else { return nil }
            let marker = bytes[i + 1]
            if (0xC0...0xC3).contains(marker) { return (be16(i + 7), be16(i + 5)) }
            i += 2 + be16(i + 2)
        }
        return nil
    }
}
