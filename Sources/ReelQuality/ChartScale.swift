import Foundation

/// The axes of a `QualityChart`: bit rate (bits per second) on a log scale to x, PSNR (dB) to y,
/// over every point the chart draws, with round tick values.
struct ChartScale {
    private let left: Double, right: Double, top: Double, bottom: Double
    /// log10 of the bit rates at the left and right edges (bits per second).
    private let low: Double, high: Double
    /// PSNR at the bottom and top edges.
    private let floor: Double, ceiling: Double
    /// x ticks in kbit/s (1, 2, 5 × powers of ten within the range).
    let xTicks: [Double]
    /// y ticks in dB.
    let yTicks: [Double]
    /// The distance between y ticks.
    let yStep: Double

    /// Fits the scale to a report's points; nil when it has none.
    init?(report: QualityReport, left: Double, right: Double, top: Double, bottom: Double) {
        var rates: [Double] = []
        var qualities: [Double] = []
        for rendition in report.renditions where rendition.bitrate > 0 {
            rates.append(Double(rendition.bitrate))
            qualities.append(rendition.psnr.mean)
            for segment in rendition.segments where segment.bitrate > 0 && segment.frames > 0 {
                rates.append(Double(segment.bitrate))
                qualities.append(segment.psnr)
            }
        }
        for point in (report.trials ?? []) + (report.hull ?? []) + (report.chosen ?? []) where point.bitrate > 0 {
            rates.append(Double(point.bitrate))
            qualities.append(point.psnr)
        }
        guard let minRate = rates.min(), let maxRate = rates.max(), let minQ = qualities.min(),
            let maxQ = qualities.max()
        else { return nil }
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
        // A quarter of a decade of room on each side, at least half a decade in all.
        var lowLog = log10(minRate) - 0.1
        var highLog = log10(maxRate) + 0.1
        if highLog - lowLog < 0.5 {
            let middle = (lowLog + highLog) / 2
            lowLog = middle - 0.25
            highLog = middle + 0.25
        }
        low = lowLog
        high = highLog
        // Round values: 1-2-5 per decade, else finer steps, until at least four fit.
        var ticks: [Double] = []
        for mantissas in [[1.0, 2, 5], [1.0, 1.5, 2, 3, 4, 5, 7], [1.0, 2, 3, 4, 5, 6, 7, 8, 9]] where ticks.count < 4 {
            ticks = []
            for exponent in Int(lowLog.rounded(.down)) - 3...Int(highLog.rounded(.up)) - 3 {
                for mantissa in mantissas {
                    let kbps = mantissa * pow(10, Double(exponent))
                    let position = log10(kbps * 1000)
                    if position >= lowLog && position <= highLog { ticks.append(kbps) }
                }
            }
        }
        xTicks = ticks
        // One dB of room above and below, at least four in all; ticks every 0.5, 1, 2, 5 or 10 dB.
        var bottomQ = minQ - 1
        var topQ = maxQ + 1
        if topQ - bottomQ < 4 {
            let middle = (topQ + bottomQ) / 2
            bottomQ = middle - 2
            topQ = middle + 2
        }
        let step = [0.5, 1, 2, 5, 10, 20].first { (topQ - bottomQ) / $0 <= 10 } ?? 20
        floor = (bottomQ / step).rounded(.down) * step
        ceiling = (topQ / step).rounded(.up) * step
        yStep = step
        yTicks = stride(from: floor, through: ceiling + step / 100, by: step).map { $0 }
    }

    /// The x coordinate of a bit rate in bits per second.
    func x(_ bitsPerSecond: Double) -> Double {
        left + (log10(max(bitsPerSecond, 1)) - low) / (high - low) * (right - left)
    }

    /// The y coordinate of a PSNR in dB.
    func y(_ decibels: Double) -> Double {
        bottom - (decibels - floor) / (ceiling - floor) * (bottom - top)
    }
}
