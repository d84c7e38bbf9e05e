import ReelMedia

extension Packager {
    /// One presentation offset for every track, large enough that no timestamp is negative (B-frame
    /// reordering, AAC priming) and a whole number of frames of every rung, so frames stay on their
    /// grid. Manifests state media times as they are, so every client reads the same timeline.
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
