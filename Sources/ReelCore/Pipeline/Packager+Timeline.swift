import ReelMedia

extension Packager {
    /// One presentation offset for every track, large enough that no timestamp is negative (B-frame
    /// reordering, AAC priming) and a whole number of frames of every rung, so frames stay on their
    /// grid. Containers hold timestamps shifted by it; the fMP4 init segments' edit lists start the
    /// presentation at it again, so presentation time 0 is the first picture for every player (the
    /// priming before it is trimmed) and the manifests state presentation times. MPEG-TS segments
    /// keep the shift; HLS `X-TIMESTAMP-MAP` says where their presentation starts.
    /// - Returns: The offset in seconds, as an exact fraction.
    static func presentationOffset(_ video: [VideoRenditionWorker], _ audio: [AudioRenditionWorker]) -> Rational {
        let needed = (video.map(\.reorderDelaySeconds) + audio.map(\.primingSeconds)).max() ?? 0
        guard let slowest = video.map(\.plan.frameRate).min(by: { $0.value < $1.value }) else {
            let priming = audio.map { Rational($0.encoder.initialPadding, $0.rendition.sampleRate) }
            return priming.max { $0.value < $1.value } ?? Rational(0, 1)
        }
        let frames = Int((needed * slowest.value - 1e-9).rounded(.up))
        return Rational(max(frames, 0) * slowest.denominator, slowest.numerator)
    }
}
