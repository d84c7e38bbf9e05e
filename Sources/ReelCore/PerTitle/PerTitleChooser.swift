import Foundation

/// Chooses a per-title ladder from trial points: pure arithmetic, no FFmpeg.
///
/// 1. One `RateQualityCurve` per candidate size; the hull is the upper convex hull of all the
///    trial points in the (log₂ bitrate, quality) plane.
/// 2. The top rung keeps the largest candidate (never below what a fixed ladder gives a hard
///    source) at the lowest bitrate that reaches `target`, at least `minBitrate`; when even
///    `maxBitrate` falls short, at `maxBitrate`.
/// 3. The lowest rung is the cheapest bitrate at which the best size reaches the floor (`min`),
///    at least `minBitrate`; with no floor, or a top rung already below it, it is `minBitrate`.
/// 4. Between them the rungs are spaced evenly in quality, at most `maxRungs` and at least
///    `minStep` apart; each sits at the lowest bitrate reaching its quality on the best size
///    there, never larger than the rung above.
/// 5. From the bottom up, a rung that adds less than `minStep` over the one below it (or
///    costs no more) is dropped; the top rung is always kept, dropping the one below instead.
/// 6. While `maxRungs` allows, the widest bitrate gap between neighbours above `maxRatio` gets a
///    rung at the gap's geometric middle, at the size best there between its neighbours' sizes:
///    hard content, whose quality changes little with bitrate, would otherwise keep only its top
///    and bottom rungs, too far apart for a player to step between.
enum PerTitleChooser {
    /// Quality the spacing may fall short of `minStep` by (rounding of interpolated figures).
    private static let stepTolerance = 0.02

    /// Chooses the ladder.
    /// - Parameters:
    ///   - trials: Every trial point, any order; candidates as the ladder lists them.
    ///   - candidates: Candidate names, largest first (the ladder's order after planning).
    ///   - settings: The preset's `per_title`.
    /// - Returns: The rungs, top first, and what was left out; no rungs when there are no trials.
    static func choose(trials: [TrialPoint], candidates: [String], settings: PerTitleSettings) -> PerTitleChoice {
        let metric = settings.metric
        let curves = candidates.compactMap { name in
            RateQualityCurve(points: trials.filter { $0.candidate == name }, metric: metric)
        }
        let hull = upperHull(trials, metric: metric)
        guard let top = curves.max(by: { $0.area < $1.area }) else {
            return PerTitleChoice(rungs: [], dropped: [], hull: hull)
        }
        let unit = metric == .psnr ? " dB" : ""
        func show(_ quality: Double) -> String {
            metric == .psnr ? String(format: "%.1f dB", quality) : String(format: "SSIM %.4f", quality)
        }
        let minRate = Double(settings.minBitrate)
        let maxRate = Double(settings.maxBitrate)

        // The top rung.
        var topRate: Double
        var topReason: String
        if let reaching = top.rate(reaching: settings.target), reaching <= maxRate {
            topRate = max(reaching, minRate)
            topReason =
                reaching < minRate
                ? "reaches \(show(settings.target)) below min_bitrate; kept at min_bitrate"
                : "lowest bitrate reaching the target \(show(settings.target))"
        } else {
            topRate = maxRate
            topReason =
                "the target \(show(settings.target)) is not reached within max_bitrate "
                + "(\(show(top.quality(atRate: maxRate))) at \(kilobits(maxRate)))"
        }
        let topQuality = top.quality(atRate: topRate)

        // The lowest rung's bitrate.
        var lowRate = minRate
        var lowReason = "min_bitrate"
        if let floor = settings.floor, topQuality > floor {
            let reaching = curves.compactMap { $0.rate(reaching: floor) }.min() ?? minRate
            if reaching > minRate {
                lowRate = reaching
                lowReason = "the floor \(show(floor))"
            }
        }
        lowRate = min(lowRate, topRate)
        let lowQuality = best(curves, at: lowRate).quality(atRate: lowRate)

        // Evenly spaced qualities from the top down to the lowest rung.
        let span = topQuality - lowQuality
        var count = 1
        if span >= settings.minStep - stepTolerance, lowRate < topRate {
            count = min(settings.maxRungs, 1 + Int(((span + stepTolerance) / settings.minStep).rounded(.down)))
        }
        var rungs = [rung(top, rate: topRate, reason: topReason)]
        if topRate == maxRate, top.quality(atRate: maxRate) < settings.target, let crf = top.points.map(\.crf).min() {
            // Short of the target: the lowest CRF tried, so a capped-CRF encode fills max_bitrate.
            rungs[0].crf = crf
        }
        var dropped: [PerTitleChoice.Dropped] = []
        if count > 1 {
            for index in 1..<count {
                let quality = topQuality - span * Double(index) / Double(count - 1)
                var rate =
                    index == count - 1
                    ? lowRate : (curves.compactMap { $0.rate(reaching: quality) }.min() ?? lowRate)
                rate = min(max(rate, minRate), topRate)
                let above = rungs[rungs.count - 1]
                let allowed = curves.filter { $0.area <= above.width * above.height }
                let curve = best(allowed.isEmpty ? [top] : allowed, at: rate)
                let why =
                    index == count - 1
                    ? "lowest rung, at \(lowReason); \(curve.candidate) is best there"
                    : "\(show(quality)) step; \(curve.candidate) is best at this bitrate"
                rungs.append(rung(curve, rate: rate, reason: why))
            }
        }

        // Bottom up: every kept rung adds at least min_step over the one below it.
        var kept: [PerTitleChoice.Rung] = []
        for candidate in rungs.reversed() {
            guard let below = kept.last else {
                kept.append(candidate)
                continue
            }
            let gain = candidate.predicted.quality(metric) - below.predicted.quality(metric)
            let isTop = candidate == rungs[0]
            if gain >= settings.minStep - stepTolerance && candidate.bitrate > below.bitrate {
                kept.append(candidate)
            } else if isTop {
                kept.removeLast()
                dropped.append(
                    PerTitleChoice.Dropped(
                        name: "\(below.candidate) at \(kilobits(Double(below.bitrate)))",
                        reason: "the top rung adds only \(String(format: "%.2f", gain))\(unit) over it "
                            + "(min_step \(settings.minStep))"))
                kept.append(candidate)
            } else {
                dropped.append(
                    PerTitleChoice.Dropped(
                        name: "\(candidate.candidate) at \(kilobits(Double(candidate.bitrate)))",
                        reason: "adds only \(String(format: "%.2f", gain))\(unit) over the rung below "
                            + "(min_step \(settings.minStep))"))
            }
        }
        let chosen = fillGaps(Array(kept.reversed()), curves: curves, top: top, settings: settings)
        let used = Set(chosen.map(\.candidate))
        for curve in curves where !used.contains(curve.candidate) {
            dropped.append(
                PerTitleChoice.Dropped(
                    name: curve.candidate, reason: "no chosen bitrate where this size is the best on the hull"))
        }
        if chosen.count == settings.maxRungs, count < 1 + Int((span / settings.minStep).rounded(.down)) {
            dropped.append(
                PerTitleChoice.Dropped(name: "more rungs", reason: "max_rungs (\(settings.maxRungs)) reached"))
        }
        return PerTitleChoice(rungs: chosen, dropped: dropped, hull: hull)
    }

    /// The curve with the best quality at a bitrate; the larger size on a tie.
    static func best(_ curves: [RateQualityCurve], at rate: Double) -> RateQualityCurve {
        curves.max { a, b in
            let (qa, qb) = (a.quality(atRate: rate), b.quality(atRate: rate))
            return qa == qb ? a.area < b.area : qa < qb
        }!
    }

    /// The upper convex hull of the points in the (log₂ bitrate, quality) plane, by bitrate,
    /// up to the best quality.
    static func upperHull(_ points: [TrialPoint], metric: PerTitleSettings.Metric) -> [TrialPoint] {
        let sorted = points.filter { $0.bitrate > 0 }.sorted {
            ($0.bitrate, -$0.quality(metric)) < ($1.bitrate, -$1.quality(metric))
        }
        func x(_ p: TrialPoint) -> Double { log2(Double(p.bitrate)) }
        var hull: [TrialPoint] = []
        for point in sorted {
            while hull.count >= 2 {
                let (a, b) = (hull[hull.count - 2], hull[hull.count - 1])
                let cross =
                    (x(b) - x(a)) * (point.quality(metric) - a.quality(metric))
                    - (b.quality(metric) - a.quality(metric)) * (x(point) - x(a))
                guard cross >= 0 else { break }
                hull.removeLast()
            }
            hull.append(point)
        }
        // Past the best point the hull only falls: those points are never worth their bits.
        if let peak = hull.indices.max(by: { hull[$0].quality(metric) < hull[$1].quality(metric) }) {
            hull = Array(hull[...peak])
        }
        return hull
    }

    /// `rungs` (top first) with a rung inserted in the widest bitrate gap above `maxRatio`, again
    /// and again while `maxRungs` allows.
    private static func fillGaps(
        _ rungs: [PerTitleChoice.Rung], curves: [RateQualityCurve], top: RateQualityCurve, settings: PerTitleSettings
    ) -> [PerTitleChoice.Rung] {
        var rungs = rungs
        func ratio(_ index: Int) -> Double { Double(rungs[index - 1].bitrate) / Double(max(rungs[index].bitrate, 1)) }
        while rungs.count >= 2, rungs.count < settings.maxRungs,
            let gap = (1..<rungs.count).max(by: { ratio($0) < ratio($1) }), ratio(gap) > settings.maxRatio
        {
            let above = rungs[gap - 1]
            let below = rungs[gap]
            let rate = (Double(above.bitrate) * Double(below.bitrate)).squareRoot()
            let sizes = curves.filter {
                $0.area <= above.width * above.height && $0.area >= below.width * below.height
            }
            let curve = best(sizes.isEmpty ? [top] : sizes, at: rate)
            let quality = settings.metric == .psnr ? curve.displayPSNR(atRate: rate) : curve.displaySSIM(atRate: rate)
            // Only a rung whose quality lies between its neighbours' is a step a player can take.
            guard let quality, quality < above.predicted.quality(settings.metric),
                quality > below.predicted.quality(settings.metric)
            else { break }
            rungs.insert(
                rung(
                    curve, rate: rate,
                    reason: "fills the gap between \(kilobits(Double(above.bitrate))) and "
                        + "\(kilobits(Double(below.bitrate))) (more than max_ratio \(settings.maxRatio)× apart); "
                        + "\(curve.candidate) is best at this bitrate"),
                at: gap)
        }
        return rungs
    }

    private static func rung(_ curve: RateQualityCurve, rate: Double, reason: String) -> PerTitleChoice.Rung {
        PerTitleChoice.Rung(
            predicted: TrialPoint(
                candidate: curve.candidate, width: curve.width, height: curve.height, crf: curve.crf(atRate: rate),
                bitrate: Int(rate.rounded()), psnr: curve.psnr(atRate: rate), ssim: curve.ssim(atRate: rate),
                displayPSNR: curve.displayPSNR(atRate: rate), displaySSIM: curve.displaySSIM(atRate: rate)),
            reason: reason)
    }

    private static func kilobits(_ rate: Double) -> String { "\(Int((rate / 1000).rounded()))k" }
}
