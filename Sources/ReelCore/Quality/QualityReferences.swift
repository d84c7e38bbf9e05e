import ReelMedia

/// The pictures one rung's encoder was given, held by presentation timestamp until the same
/// picture comes back out of the decoder (`QualityProbeStage`), then handed over once.
///
/// Memory: a picture is held from the moment it enters the encoder until its packet is decoded
/// again, i.e. for the encoder's delay (its lookahead, B-frames and frame threads: libx264's
/// `veryfast` 15 to 20 frames, `medium` 45 to 50). The frames are reference-counted copies of
/// what the encoder was fed, so the cost is that many pictures at the rung's size (a 1080p
/// yuv420p picture is 3 MiB).
final class QualityReferences {
    private var frames: [(pts: Int64, frame: Frame)] = []
    /// The most pictures held at once, for the record.
    private(set) var mostHeld = 0

    /// Holds the picture the encoder is given at `pts`.
    func keep(_ frame: Frame, at pts: Int64) {
        frames.append((pts, frame))
        mostHeld = max(mostHeld, frames.count)
    }

    /// The picture given at `pts`, no longer held; pictures before it that never came back are
    /// let go as well.
    func take(_ pts: Int64) -> Frame? {
        guard let index = frames.firstIndex(where: { $0.pts == pts }) else {
            frames.removeAll { $0.pts < pts }
            return nil
        }
        let frame = frames[index].frame
        frames.removeSubrange(...index)
        return frame
    }

    /// Lets every picture go.
    func removeAll() {
        frames.removeAll()
    }
}
