import Foundation
import ReelManifest
import ReelMedia

/// A packet of one copied rendition, by the rendition's position in the `CopyPlan`.
struct RoutedPacket {
    let rendition: Int
    let packet: Packet
}

/// What the aligner hands on, in order: the start of the package, then segment after segment.
enum AlignedWork {
    /// Every rendition starts at this presentation offset (whole frames of the slowest video),
    /// which keeps every timestamp non-negative; sent once, before the first segment.
    case start(Rational)
    /// One rendition's packets of one segment, on the presentation timeline; the first starts it.
    case segment(rendition: Int, packets: [Packet])
}

/// The chunker of package-only runs: renditions encoded elsewhere already have their keyframes,
/// so segments start at the keyframes every video rendition has, the one nearest each multiple
/// of the target duration; audio starts a segment at the frame nearest each cut. A cue point
/// (ad break) is always a cut, which needs a keyframe there in every video rendition; one that
/// lacks it stops the run with a line naming the cue and the rendition.
///
/// It holds each rendition's packets until it has seen a GOP past the next target instant, then
/// cuts and hands the segment on, so memory stays at about one segment per rendition whatever
/// the duration. Renditions whose keyframes do not line up stop the run before a segment is
/// written when the first segment shows it (and later ones abort the output), with one line
/// naming the two renditions and the first instant where they differ.
final class KeyframeAligner: MediaHandler {
    /// One copied rendition.
    struct Track {
        /// `v720p (ladder-720.mp4 #0)`, for messages.
        let label: String
        let id: String
        let isVideo: Bool
        /// The packets' time base.
        let timeBase: Rational
        /// The input the rendition comes from (its position in the run's inputs).
        let input: Int
        /// Presentation time zero, in ticks of `timeBase`; moved earlier once, before the first
        /// cut, when the input's first GOP has pictures before it (`settleZero`).
        var zeroTicks: Int64
        /// The video's frame rate: instants closer than half a frame are the same; the
        /// presentation offset is whole frames of the slowest video.
        let frameRate: Rational
        var buffer: [Packet] = []
        /// Presentation times (ticks) of the buffered keyframes.
        var keyframeTicks: [Int64] = []
        /// The latest decoding time seen (ticks).
        var horizonTicks: Int64?
        var lastKeyframe: Double?
        var longestGOP = 0.0
        var ended = false
        var handedOn = 0
        /// The last gap between two packets' decoding times (ticks), and whether a packet's stated
        /// duration disagreed with it: then the stream's last packet lasts as long as the gap.
        var lastStep: Int64?
        var statesWrongDurations = false

        init(
            label: String, id: String, input: Int, isVideo: Bool, timeBase: Rational, zero: Double,
            frameRate: Rational
        ) {
            self.label = label
            self.input = input
            self.id = id
            self.isVideo = isVideo
            self.timeBase = timeBase
            self.zeroTicks = Int64((zero / timeBase.value).rounded())
            self.frameRate = frameRate
        }

        func seconds(_ ticks: Int64) -> Double { Double(ticks - zeroTicks) * timeBase.value }
        /// Presentation instants (seconds) of the buffered keyframes.
        var keyframes: [Double] { keyframeTicks.map(seconds) }
        /// The latest decoding instant seen (seconds).
        var horizon: Double { horizonTicks.map(seconds) ?? -.infinity }
    }

    private var tracks: [Track]
    /// The video tracks' positions in `tracks`.
    private let videos: [Int]
    private let target: Double
    /// Cue points in seconds, ascending.
    private let cues: [Double]
    private let next: any MediaHandler<AlignedWork>
    private let reporter: ProgressReporter
    private var started = false
    private var zeroSettled = false
    private var lastCut = 0.0

    /// - Parameters:
    ///   - tracks: The renditions, in plan order.
    ///   - segmentDuration: The target segment duration in seconds.
    ///   - cues: Cue points in seconds, ascending: instants every rendition must cut at.
    ///   - next: Takes the start and the segments (`AlignedWork`), renditions by their position
    ///     in `tracks`.
    ///   - reporter: Receives progress.
    init(
        tracks: [Track], segmentDuration: Double, cues: [Double] = [], next: any MediaHandler<AlignedWork>,
        reporter: ProgressReporter
    ) {
        self.tracks = tracks
        self.cues = cues
        self.videos = tracks.indices.filter { tracks[$0].isVideo }
        self.target = segmentDuration
        self.next = next
        self.reporter = reporter
    }

    func process(_ routed: RoutedPacket) throws {
        let packet = routed.packet
        guard let pts = packet.pts else { return }
        // In place: a copy of the track would copy its buffer on every packet.
        Self.record(packet, pts: pts, in: &tracks[routed.rendition])
        try decide(final: false)
    }

    private static func record(_ packet: Packet, pts: Int64, in track: inout Track) {
        track.horizonTicks = max(track.horizonTicks ?? Int64.min, packet.dts ?? pts)
        if track.isVideo && packet.isKeyframe {
            let instant = track.seconds(pts)
            if let last = track.lastKeyframe { track.longestGOP = max(track.longestGOP, instant - last) }
            track.lastKeyframe = instant
            track.keyframeTicks.append(pts)
        }
        track.buffer.append(packet)
    }

    /// An input ended: its renditions no longer hold the others back.
    func end(renditions: [Int]) throws {
        for index in renditions { tracks[index].ended = true }
        try decide(final: false)
    }

    func flush() throws {
        try decide(final: true)
        if !started { try begin() }
        for index in tracks.indices { try handOn(index, count: tracks[index].buffer.count) }
        try next.flush()
    }

    // MARK: - Cutting

    /// Half the shortest frame: keyframes of two renditions closer than this are the same instant.
    private var tolerance: Double {
        (videos.map { tracks[$0].frameRate.inverted.value }.min() ?? 0.02) / 2
    }

    /// Where the buffered media ends (seconds).
    private var bufferedEnd: Double {
        tracks.compactMap { track in
            track.buffer.last.flatMap { packet in
                packet.pts.map { track.seconds($0) + Double(max(packet.duration, 0)) * track.timeBase.value }
            }
        }.max() ?? lastCut
    }

    private func decide(final: Bool) throws {
        while true {
            // The next cue, when it comes before this segment's target end: the segment ends there.
            let near = self.tolerance
            let nextCue = cues.first { $0 > lastCut + near }
            let cueCut = nextCue.flatMap { $0 <= lastCut + target + near ? $0 : nil }
            let goal = cueCut ?? lastCut + target
            if final && goal >= bufferedEnd - tolerance { return }
            guard !videos.isEmpty else {
                // Audio only: cut at every multiple of the target, and at the cues.
                let reading = tracks.filter { !$0.ended }
                if !final && (reading.isEmpty || !reading.allSatisfy({ $0.horizon >= goal + 0.5 })) { return }
                try cut(at: goal)
                continue
            }
            let longestGOP = videos.map { tracks[$0].longestGOP }.max() ?? 0
            let lookahead = max(target, longestGOP)
            let reading = videos.filter { !tracks[$0].ended }
            if !final && (reading.isEmpty || !reading.allSatisfy({ tracks[$0].horizon >= goal + lookahead })) {
                return
            }
            settleZero()
            let tolerance = self.tolerance
            if let cue = cueCut {
                try cut(atCue: cue, tolerance: tolerance)
                continue
            }
            let keyframes = Dictionary(uniqueKeysWithValues: videos.map { ($0, tracks[$0].keyframes) })
            let common = keyframes[videos[0], default: []].filter { instant in
                instant > lastCut + tolerance && instant < (nextCue ?? .infinity) - tolerance
                    && videos.allSatisfy { v in keyframes[v, default: []].contains { abs($0 - instant) <= tolerance } }
            }
            // No segment longer than the target by more than one GOP.
            let limit = lastCut + target + longestGOP + tolerance
            if let instant = common.filter({ $0 <= limit }).min(by: { abs($0 - goal) < abs($1 - goal) }) {
                try cut(at: instant)
                continue
            }
            if let cue = nextCue, cue <= limit {
                // No shared keyframe before the cue: the segment runs to it.
                try cut(atCue: cue, tolerance: tolerance)
                continue
            }
            if let mismatch = firstMismatch(videos, keyframes: keyframes, tolerance: tolerance) {
                let (has, lacks, instant) = mismatch
                throw ReelError.invalidInput(
                    source: tracks[lacks].label, stream: nil,
                    reason: String(
                        format: "keyframes not aligned with %@: it has a keyframe at %.3f s, this rendition none "
                            + "(renditions packaged as they are must share keyframe instants; see `reel probe`)",
                        tracks[has].label, instant))
            }
            if let instant = common.first {
                try cut(at: instant)
                continue
            }
            return
        }
    }

    /// Cuts at a cue point, at the keyframe every video rendition has there.
    /// - Throws: `ReelError.invalidInput` naming the cue and the first rendition without a
    ///   keyframe at it.
    private func cut(atCue cue: Double, tolerance: Double) throws {
        var instant: Double?
        for v in videos {
            guard let keyframe = tracks[v].keyframes.first(where: { abs($0 - cue) <= tolerance }) else {
                let nearest = tracks[v].keyframes.min { abs($0 - cue) < abs($1 - cue) }
                throw ReelError.invalidInput(
                    source: tracks[v].label, stream: nil,
                    reason: String(
                        format: "cue point %.3f s: this rendition has no keyframe there%@ (package-only inputs "
                            + "honour a cue only where every video rendition has a keyframe; move the cue or "
                            + "re-encode; see `reel probe`)",
                        cue, nearest.map { String(format: ", the nearest is at %.3f s", $0) } ?? ""))
            }
            instant = instant ?? keyframe
        }
        try cut(at: instant ?? cue)
    }

    /// The first keyframe instant after the last cut that one video rendition has and another,
    /// which has read past it, lacks.
    private func firstMismatch(
        _ videos: [Int], keyframes: [Int: [Double]], tolerance: Double
    ) -> (has: Int, lacks: Int, instant: Double)? {
        let instants = videos.flatMap { v in keyframes[v, default: []].map { (v, $0) } }
            .filter { $0.1 > lastCut + tolerance }.sorted { $0.1 < $1.1 }
        for (owner, instant) in instants {
            for other in videos where other != owner && tracks[other].horizon >= instant + tolerance {
                if !keyframes[other, default: []].contains(where: { abs($0 - instant) <= tolerance }) {
                    return (owner, other, instant)
                }
            }
        }
        return nil
    }

    /// Hands on every rendition's packets before `instant` as one segment.
    private func cut(at instant: Double) throws {
        if !started { try begin() }
        let tolerance = self.tolerance
        // After an open GOP's keyframe (an HEVC CRA) its leading pictures, shown before it, start
        // the video segment: audio is cut there too.
        let pictures = videos.compactMap { Self.earliestPicture(tracks[$0], from: instant, tolerance: tolerance) }
        let audioCut = min(instant, pictures.min() ?? instant)
        for index in tracks.indices {
            let at = tracks[index].isVideo ? instant : audioCut
            try handOn(index, count: Self.segmentLength(tracks[index], before: at, tolerance: tolerance))
            let track = tracks[index]
            tracks[index].keyframeTicks.removeAll { track.seconds($0) <= instant + tolerance }
            reporter.update(rendition: tracks[index].id, outTime: instant, frames: tracks[index].handedOn)
        }
        lastCut = instant
    }

    /// How many of a track's buffered packets come before a cut: video up to the keyframe at
    /// the instant, audio the frames whose middle lies before it.
    private static func segmentLength(_ track: Track, before instant: Double, tolerance: Double) -> Int {
        if track.isVideo {
            return track.buffer.firstIndex { packet in
                packet.isKeyframe && packet.pts.map { track.seconds($0) >= instant - tolerance } ?? false
            } ?? track.buffer.prefix { $0.pts.map { track.seconds($0) < instant } ?? true }.count
        }
        return track.buffer.prefix { packet in
            guard let pts = packet.pts else { return true }
            return track.seconds(pts) + Double(max(packet.duration, 0)) * track.timeBase.value / 2 < instant
        }.count
    }

    /// The earliest presentation instant of the GOP that starts with the keyframe at `instant`:
    /// the keyframe's own, or its leading pictures' in an open GOP.
    private static func earliestPicture(_ track: Track, from instant: Double, tolerance: Double) -> Double? {
        guard
            let start = track.buffer.firstIndex(where: { packet in
                packet.isKeyframe && packet.pts.map { track.seconds($0) >= instant - tolerance } ?? false
            })
        else { return nil }
        var earliest = Double.infinity
        for packet in track.buffer[start...] {
            if packet.isKeyframe && earliest.isFinite { break }
            if let pts = packet.pts { earliest = min(earliest, track.seconds(pts)) }
        }
        return earliest.isFinite ? earliest : nil
    }

    private func handOn(_ index: Int, count: Int) throws {
        guard count > 0 else { return }
        let zero = tracks[index].zeroTicks
        let buffer = tracks[index].buffer
        let packets = Array(buffer.prefix(count))
        // A packet lasts until the next one (in decoding order) starts. Sources state durations
        // that are nominal (variable frame rate) or wrong (a fragmented MP4's default duration, a
        // parser's idea of an E-AC-3 frame), and the muxer writes them as the samples' durations:
        // each segment would end in a gap or an overlap. The stream's last packet keeps its own,
        // unless the stream's stated durations were wrong.
        for (position, packet) in packets.enumerated() {
            if position + 1 < buffer.count {
                guard let dts = packet.dts, let next = buffer[position + 1].dts, next > dts else { continue }
                if packet.duration > 0 && packet.duration != next - dts { tracks[index].statesWrongDurations = true }
                packet.duration = next - dts
                tracks[index].lastStep = next - dts
            } else if tracks[index].statesWrongDurations, let step = tracks[index].lastStep {
                packet.duration = step
            }
        }
        for packet in packets {
            if let pts = packet.pts { packet.pts = pts - zero }
            if let dts = packet.dts { packet.dts = dts - zero }
        }
        tracks[index].buffer.removeFirst(count)
        tracks[index].handedOn += count
        try next.process(.segment(rendition: index, packets: packets))
    }

    /// Moves an input's presentation zero to its earliest picture, once, before the first cut.
    ///
    /// Zero is where the input's first picture is shown, as its edit list says. An edit list that
    /// starts the presentation inside a GOP (phones trim the start of a recording this way) leaves
    /// pictures before zero that the rest of the GOP needs; they cannot be dropped without
    /// re-encoding, and players that ignore edit lists in fragments would show them anyway, so
    /// the presentation starts at the earliest of them, for every rendition of that input.
    private func settleZero() {
        guard !zeroSettled else { return }
        zeroSettled = true
        let tolerance = self.tolerance
        for input in Set(tracks.map(\.input)) {
            let earliest = videos.filter { tracks[$0].input == input }.compactMap { v in
                tracks[v].buffer.compactMap(\.pts).min().map { tracks[v].seconds($0) }
            }.min()
            guard let earliest, earliest < -tolerance else { continue }
            for index in tracks.indices where tracks[index].input == input {
                tracks[index].zeroTicks += Int64((earliest / tracks[index].timeBase.value).rounded(.down))
            }
        }
    }

    /// Starts every writer at one presentation offset, large enough that no buffered timestamp
    /// is negative (B-frames decode before the first picture; audio priming starts before it).
    private func begin() throws {
        settleZero()
        var needed = 0.0
        for track in tracks {
            for packet in track.buffer {
                let earliest = [packet.pts, packet.dts].compactMap { $0 }.min().map { track.seconds($0) } ?? 0
                needed = max(needed, -earliest)
            }
        }
        let offset: Rational
        if let rate = videos.map({ tracks[$0].frameRate }).min(by: { $0.value < $1.value }), rate.isValid {
            let frames = Int((needed * rate.value - 1e-9).rounded(.up))
            offset = Rational(max(frames, 0) * rate.denominator, rate.numerator)
        } else {
            let ticks = Int((needed * 90_000 - 1e-9).rounded(.up))
            offset = Rational(max(ticks, 0), 90_000)
        }
        try next.process(.start(offset))
        started = true
    }
}
