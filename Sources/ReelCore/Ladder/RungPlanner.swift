import ReelManifest

/// Fits a ladder's rungs to one source: sizes, orientation and frame rates.
///
/// Rules (DESIGN.md, "Formats and rules"):
/// - The display size is the coded size with square pixels (width × SAR, height kept), rotated by 90° or 270°
///   when the source says so.
/// - A rung's `width × height` is a landscape box; for portrait sources the box turns portrait. The display
///   aspect ratio is fitted inside the box; a rung with only a width or a height is a box open on the other side.
/// - Sizes are even (nearest even, at least 2, never above the display size).
/// - Rungs are never upscaled: a rung whose fitted size exceeds the display size is dropped. When every rung is
///   dropped, the smallest one is kept, shrunk to the display size.
/// - Frame rates: see `outputFrameRate(source:cap:)`.
/// - Rungs keep the ladder's order, duplicates included (Apple's ladder has two 432p rungs).
enum RungPlanner {
    /// Rates up to this factor above a cap count as within it, so a 29.97 cap admits 30000/1001.
    private static let capTolerance = 1.001

    /// Plans the video rungs of `ladder` for `source`.
    ///
    /// - Parameters:
    ///   - source: The source stream's geometry and frame rate.
    ///   - ladder: The ladder whose rungs to fit.
    /// - Returns: The rungs to encode in ladder order; empty when the ladder has no rungs or the source has no
    ///   positive size.
    static func plan(source: SourceGeometry, ladder: Ladder) -> [PlannedRung] {
        let displayWidth = source.displayWidth
        let displayHeight = source.displayHeight
        guard displayWidth > 0, displayHeight > 0 else { return [] }

        var planned: [PlannedRung] = []
        var smallest: (rung: VideoRung, scale: Double)?
        for rung in ladder.rungs {
            var boxWidth = rung.width
            var boxHeight = rung.height
            if source.isPortrait { swap(&boxWidth, &boxHeight) }
            let widthScale = boxWidth.map { Double($0) / Double(displayWidth) } ?? .infinity
            let heightScale = boxHeight.map { Double($0) / Double(displayHeight) } ?? .infinity
            let scale = min(widthScale, heightScale)
            guard scale.isFinite, scale > 0 else { continue }
            if let current = smallest, (current.scale, current.rung.bitrate) <= (scale, rung.bitrate) {
                // The smallest so far stays the fallback.
            } else {
                smallest = (rung, scale)
            }
            guard scale <= 1 else { continue }

            // The limiting side takes the box's size exactly; the other follows the display aspect ratio.
            let widthLimited = widthScale <= heightScale
            let width = widthLimited ? Double(boxWidth ?? 0) : Double(displayWidth) * scale
            let height = widthLimited ? Double(displayHeight) * scale : Double(boxHeight ?? 0)
            planned.append(
                PlannedRung(
                    rung: rung, width: even(width, limit: displayWidth), height: even(height, limit: displayHeight),
                    frameRate: outputFrameRate(source: source.frameRate, cap: rung.maxFrameRate)))
        }
        if planned.isEmpty, let smallest {
            planned.append(
                PlannedRung(
                    rung: smallest.rung, width: even(Double(displayWidth), limit: displayWidth),
                    height: even(Double(displayHeight), limit: displayHeight),
                    frameRate: outputFrameRate(source: source.frameRate, cap: smallest.rung.maxFrameRate)))
        }
        return planned
    }

    /// The frame rate of a rung with frame-rate cap `cap` made from a source at `source`.
    ///
    /// The source's rate when it is within the cap; otherwise the source's rate divided by the smallest whole
    /// number that brings it within the cap (60 → 30, 60000/1001 → 30000/1001, 50 → 25, 120 → 30), so frames
    /// are dropped evenly. Only when that would fall below 75% of the cap is the cap itself used (40 → 30 for
    /// a cap of 30). Rates up to 0.1% above the cap count as within it.
    ///
    /// - Parameters:
    ///   - source: The source's frame rate; a rate that is not positive is returned as is.
    ///   - cap: The rung's `maxFrameRate`; nil for none.
    /// - Returns: The output frame rate as a reduced fraction.
    static func outputFrameRate(source: Rational, cap: Double?) -> Rational {
        guard source.numerator > 0, source.denominator > 0 else { return source }
        guard let cap, cap > 0, source.value > cap * capTolerance else { return reduced(source) }
        let divisor = Int((source.value / (cap * capTolerance)).rounded(.up))
        if source.value / Double(divisor) >= 0.75 * cap {
            return reduced(Rational(source.numerator, source.denominator * divisor))
        }
        return frameRate(approximating: cap)
    }

    /// A fraction for a cap written as a decimal: whole rates as n/1, NTSC rates (29.97, 59.94, 23.976) as
    /// n·1000/1001, anything else in thousandths.
    private static func frameRate(approximating value: Double) -> Rational {
        if value == value.rounded() { return Rational(Int(value), 1) }
        let ntsc = value * 1.001
        if abs(ntsc - ntsc.rounded()) < 0.01 { return Rational(Int(ntsc.rounded()) * 1000, 1001) }
        return reduced(Rational(Int((value * 1000).rounded()), 1000))
    }

    private static func reduced(_ rate: Rational) -> Rational {
        var (a, b) = (rate.numerator, rate.denominator)
        while b != 0 { (a, b) = (b, a % b) }
        return a > 1 ? Rational(rate.numerator / a, rate.denominator / a) : rate
    }

    /// The nearest even integer to `value`, at least 2 and not above `limit` (rounded down to even).
    private static func even(_ value: Double, limit: Int) -> Int {
        let nearest = Int((value / 2).rounded()) * 2
        return max(2, min(nearest, limit - limit % 2))
    }
}
