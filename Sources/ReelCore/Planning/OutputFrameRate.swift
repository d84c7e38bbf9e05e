import ReelManifest

/// The constant frame rate a video source is encoded at, before any rung's cap.
enum OutputFrameRate {
    /// Frame rates players expect; variable-rate sources are encoded at one of them.
    static let standardFrameRates = [
        Rational(24000, 1001), Rational(24, 1), Rational(25, 1), Rational(30000, 1001), Rational(30, 1),
        Rational(48, 1), Rational(50, 1), Rational(60000, 1001), Rational(60, 1), Rational(120, 1),
    ]

    /// The constant frame rate a source is encoded at (before any rung's cap).
    ///
    /// A constant-rate source keeps its rate. A variable-rate source (phones, screen recordings)
    /// takes its base rate when that is a standard rate at least as high as the average, and
    /// otherwise the smallest standard rate at or above its average, so motion stays smooth.
    /// - Parameters:
    ///   - average: The stream's average frame rate.
    ///   - base: The stream's base (`r_frame_rate`) rate.
    /// - Returns: The rate to encode at.
    static func choose(average: Rational, base: Rational) -> Rational {
        // The nearest standard rate within 0.1 %: 24 and 24000/1001 are 0.1 % apart, so the
        // nearest, not the first, keeps a 24 fps source at 24.
        func standard(_ rate: Rational) -> Rational? {
            let distance = { (standard: Rational) in abs(standard.value - rate.value) / standard.value }
            return standardFrameRates.filter { distance($0) < 0.001 }.min { distance($0) < distance($1) }
        }
        let averageValid = average.isValid && average.value >= 0.5 && average.value <= 240
        let baseValid = base.isValid && base.value >= 0.5 && base.value <= 240
        if baseValid && (!averageValid || abs(average.value - base.value) / base.value < 0.01) {
            return standard(base) ?? base.reduced
        }
        if baseValid, let known = standard(base), base.value >= average.value * 0.99 { return known }
        guard averageValid else { return Rational(30, 1) }
        if let known = standard(average) { return known }
        return standardFrameRates.first { $0.value >= average.value * 0.99 } ?? Rational(60, 1)
    }
}
