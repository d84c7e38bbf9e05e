import Foundation

/// The rate–quality curve of one candidate size from its trial points: quality, SSIM and CRF
/// as functions of the bitrate, interpolated linearly in log₂(bitrate), the plane in which
/// video quality curves are close to straight.
///
/// Quality is made non-decreasing with the bitrate (a point that spends more for less counts
/// as reaching its cheaper neighbour's quality). Below the cheapest trial the first segment is
/// extended (the quality keeps falling as the rate halves); above the dearest the curve is flat,
/// so no bitrate is credited with quality the trials never showed.
struct RateQualityCurve: Sendable, Equatable {
    let candidate: String
    let width: Int
    let height: Int
    let metric: PerTitleSettings.Metric
    /// The trial points by bitrate, strictly increasing, at least one.
    let points: [TrialPoint]

    /// A curve from one candidate's trial points; nil when there are none.
    init?(points trials: [TrialPoint], metric: PerTitleSettings.Metric) {
        let sorted = trials.filter { $0.bitrate > 0 }.sorted { $0.bitrate < $1.bitrate }
        guard let first = sorted.first else { return nil }
        var kept: [TrialPoint] = []
        for point in sorted {
            if let last = kept.last, last.bitrate == point.bitrate {
                if point.quality(metric) > last.quality(metric) { kept[kept.count - 1] = point }
                continue
            }
            kept.append(point)
        }
        // Non-decreasing quality: a dearer point no better than a cheaper one takes its figures.
        for index in kept.indices.dropFirst() where kept[index].quality(metric) < kept[index - 1].quality(metric) {
            kept[index].psnr = max(kept[index].psnr, kept[index - 1].psnr)
            kept[index].displayPSNR = max(kept[index].displayPSNR, kept[index - 1].displayPSNR)
            if let ssim = kept[index].displaySSIM, let lower = kept[index - 1].displaySSIM {
                kept[index].displaySSIM = max(ssim, lower)
            }
            if let ssim = kept[index].ssim, let lower = kept[index - 1].ssim { kept[index].ssim = max(ssim, lower) }
        }
        candidate = first.candidate
        width = first.width
        height = first.height
        self.metric = metric
        points = kept
    }

    /// Pixels per picture.
    var area: Int { width * height }

    /// The metric's value at a bitrate, as seen at the top size.
    func quality(atRate rate: Double) -> Double {
        value(atRate: rate) { $0.quality(metric) }
    }

    /// The PSNR predicted at a bitrate against the source at this size.
    func psnr(atRate rate: Double) -> Double { value(atRate: rate, \.psnr) }

    /// The SSIM predicted at a bitrate; nil when the trials did not measure it.
    func ssim(atRate rate: Double) -> Double? {
        guard points.allSatisfy({ $0.ssim != nil }) else { return nil }
        return min(1, value(atRate: rate) { $0.ssim ?? 0 })
    }

    /// The PSNR predicted at a bitrate as seen at the top size.
    func displayPSNR(atRate rate: Double) -> Double { value(atRate: rate, \.displayPSNR) }

    /// The SSIM predicted at a bitrate as seen at the top size; nil when not measured.
    func displaySSIM(atRate rate: Double) -> Double? {
        guard points.allSatisfy({ $0.displaySSIM != nil }) else { return nil }
        return min(1, value(atRate: rate) { $0.displaySSIM ?? 0 })
    }

    /// The CRF that spends about `rate`, within 0…51; beyond the trials the CRF follows the
    /// nearest segment's slope.
    func crf(atRate rate: Double) -> Double {
        let crf = value(atRate: rate, extendAbove: true, \.crf)
        return min(51, max(0, (crf * 10).rounded() / 10))
    }

    /// The lowest bitrate at which the curve reaches `quality`, or nil when even its dearest
    /// trial falls short.
    func rate(reaching quality: Double) -> Double? {
        let values = points.map { $0.quality(metric) }
        guard let best = values.last, quality <= best else { return nil }
        let logs = points.map { log2(Double($0.bitrate)) }
        guard points.count > 1 else { return Double(points[0].bitrate) }
        if quality <= values[0] {
            // Down the first segment's line; a flat first segment means no cheaper rate is known.
            let slope = (values[1] - values[0]) / (logs[1] - logs[0])
            guard slope > 0 else { return Double(points[0].bitrate) }
            return exp2(logs[0] - (values[0] - quality) / slope)
        }
        for index in 1..<points.count where values[index] >= quality {
            let (q0, q1) = (values[index - 1], values[index])
            let fraction = q1 > q0 ? (quality - q0) / (q1 - q0) : 1
            return exp2(logs[index - 1] + fraction * (logs[index] - logs[index - 1]))
        }
        return Double(points[points.count - 1].bitrate)
    }

    private func value(
        atRate rate: Double, extendAbove: Bool = false, _ figure: (TrialPoint) -> Double
    ) -> Double {
        let x = log2(max(rate, 1))
        let logs = points.map { log2(Double($0.bitrate)) }
        guard points.count > 1 else { return figure(points[0]) }
        let last = points.count - 1
        let segment: Int
        if x <= logs[0] {
            segment = 1
        } else if x >= logs[last] {
            guard extendAbove else { return figure(points[last]) }
            segment = last
        } else {
            segment = (1...last).first { logs[$0] >= x } ?? last
        }
        let (x0, x1) = (logs[segment - 1], logs[segment])
        let (y0, y1) = (figure(points[segment - 1]), figure(points[segment]))
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    }
}
