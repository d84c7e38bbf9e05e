import ReelManifest
import ReelMedia

/// An encoded packet and whether a new segment starts with it.
struct ChunkedPacket {
    let packet: Packet
    let startsSegment: Bool
}

/// Decides where segments start, in the spirit of Shaka Packager's `ChunkingHandler`: every
/// rendition cuts at the same instants (multiples of the segment duration from presentation time
/// zero) without talking to the others, because each asks the same `SegmentTiming`.
///
/// Video starts a segment at the keyframe the encoder forced at the instant. Audio starts one at
/// the frame nearest the instant (within half a frame); frames that the encoder's delay carries
/// past the video's end stay in the last segment, as a video tail that short would.
final class Chunker: MediaHandler {
    /// How the packets' timestamps count.
    enum Clock {
        /// Frames at a constant rate (video; one tick per frame).
        case frames(Rational)
        /// Frames at a constant rate, timestamps in a time base (a copied video's own).
        case ticks(Rational, frameRate: Rational)
        /// Samples at a rate (audio), with the video's end when the package has video.
        case samples(Int, video: VideoClock?)
    }

    private let timing: SegmentTiming
    private let clock: Clock
    private let next: any MediaHandler<ChunkedPacket>
    private var currentSegment: Int64 = -1

    init(timing: SegmentTiming, clock: Clock, next: any MediaHandler<ChunkedPacket>) {
        self.timing = timing
        self.clock = clock
        self.next = next
    }

    func process(_ packet: Packet) throws {
        guard let pts = packet.pts else { return }
        let starts: Bool
        switch clock {
        case .frames(let rate):
            let segment = timing.segmentIndex(frame: pts, rate: rate)
            starts = packet.isKeyframe && segment > currentSegment
            if starts { currentSegment = segment }
        case .ticks(let timeBase, let rate):
            // The frame number on the grid, exactly as an encoded rung of the same rate counts it.
            let frame = (Double(pts) * timeBase.value * rate.value).rounded()
            let segment = timing.segmentIndex(frame: Int64(frame), rate: rate)
            starts = packet.isKeyframe && segment > currentSegment
            if starts { currentSegment = segment }
        case .samples(let sampleRate, let video):
            let segment = timing.segmentIndex(sample: pts + max(packet.duration, 0) / 2, sampleRate: sampleRate)
            let pastVideo =
                video?.finalEnd.map { Double(pts) / Double(sampleRate) >= $0 - SegmentTiming.tailMerge } ?? false
            starts = segment > currentSegment && !pastVideo
            if starts { currentSegment = segment }
        }
        try next.process(ChunkedPacket(packet: packet, startsSegment: starts))
    }

    func flush() throws {
        try next.flush()
    }
}
