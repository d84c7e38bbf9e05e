import ReelManifest

/// The facts about a source video stream that decide its rungs' sizes and frame rates.
struct SourceGeometry: Sendable, Equatable {
    /// Coded width in pixels (as stored, before the sample aspect ratio and rotation).
    var width: Int
    /// Coded height in pixels.
    var height: Int
    /// Sample (pixel) aspect ratio numerator; a ratio of `0/1`, `0/0` or anything not positive means 1:1.
    var sarNumerator: Int
    /// Sample aspect ratio denominator.
    var sarDenominator: Int
    /// Clockwise rotation in degrees from the display matrix; see `normalizedRotation`.
    var rotation: Int
    /// The source's frame rate (for variable-rate sources, the average).
    var frameRate: Rational

    /// Creates the geometry of a source stream.
    ///
    /// - Parameters:
    ///   - width: Coded width in pixels.
    ///   - height: Coded height in pixels.
    ///   - sarNumerator: Sample aspect ratio numerator (1 for square pixels; 0 means unknown, i.e. 1:1).
    ///   - sarDenominator: Sample aspect ratio denominator.
    ///   - rotation: Clockwise rotation in degrees (0, 90, 180 or 270; others are normalised).
    ///   - frameRate: The source's frame rate.
    init(
        width: Int, height: Int, sarNumerator: Int = 1, sarDenominator: Int = 1, rotation: Int = 0,
        frameRate: Rational
    ) {
        self.width = width
        self.height = height
        self.sarNumerator = sarNumerator
        self.sarDenominator = sarDenominator
        self.rotation = rotation
        self.frameRate = frameRate
    }

    /// The rotation as 0, 90, 180 or 270: negative angles count back from 360 (-90 is 270) and other angles
    /// go to the nearest quarter turn.
    var normalizedRotation: Int {
        let degrees = (rotation % 360 + 360) % 360
        return Int((Double(degrees) / 90).rounded()) * 90 % 360
    }

    /// Whether the sample aspect ratio is a usable ratio other than 1:1.
    private var hasNonSquarePixels: Bool {
        sarNumerator > 0 && sarDenominator > 0 && sarNumerator != sarDenominator
    }

    /// The width shown to viewers before rotation: coded width × SAR, rounded to the nearest pixel.
    private var unrotatedDisplayWidth: Int {
        guard hasNonSquarePixels else { return width }
        return max(1, Int((Double(width) * Double(sarNumerator) / Double(sarDenominator)).rounded()))
    }

    /// Display width: the coded size with square pixels (width × SAR, height kept), then rotated.
    var displayWidth: Int { normalizedRotation % 180 == 0 ? unrotatedDisplayWidth : height }

    /// Display height: the coded size with square pixels (width × SAR, height kept), then rotated.
    var displayHeight: Int { normalizedRotation % 180 == 0 ? height : unrotatedDisplayWidth }

    /// Whether the picture is taller than wide as displayed.
    var isPortrait: Bool { displayHeight > displayWidth }
}
