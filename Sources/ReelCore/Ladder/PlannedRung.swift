import ReelManifest

/// A ladder rung fitted to one source: what the encoder chain for the rung produces.
struct PlannedRung: Sendable, Equatable {
    /// The ladder's rung (name, bitrates, profile, …).
    var rung: VideoRung
    /// Output width in pixels: even, at most the source's display width.
    var width: Int
    /// Output height in pixels: even, at most the source's display height.
    var height: Int
    /// Output frame rate: the source's, or a whole fraction of it under the rung's cap.
    var frameRate: Rational

    /// Creates a planned rung.
    ///
    /// - Parameters:
    ///   - rung: The ladder's rung.
    ///   - width: Output width in pixels.
    ///   - height: Output height in pixels.
    ///   - frameRate: Output frame rate.
    init(rung: VideoRung, width: Int, height: Int, frameRate: Rational) {
        self.rung = rung
        self.width = width
        self.height = height
        self.frameRate = frameRate
    }
}
