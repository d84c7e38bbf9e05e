import Foundation
import ReelCore
import ReelQuality

/// Shows progress events: an updating one-line bar on stderr, JSON lines on stdout, or nothing.
final class ProgressPrinter: @unchecked Sendable {
    // Used from the event task and then from the command after it ended; never at once.
    private let mode: ProgressMode
    private var lastLineLength = 0
    private var duration = 0.0

    init(mode: ProgressMode) {
        self.mode = mode
    }

    func show(_ event: ProgressEvent) {
        switch mode {
        case .json:
            FileHandle.standardOutput.write(Data((event.jsonLine() + "\n").utf8))
        case .bar:
            switch event {
            case .started(let started):
                duration = started.duration
                clearLine()
                FileHandle.standardError.write(
                    Data("reel: \(started.source) (\(started.container), \(Self.clock(started.duration)))\n".utf8))
                for line in started.renditions { FileHandle.standardError.write(Data("  \(line)\n".utf8)) }
            case .progress(let update): draw(update)
            case .analysis(let analysis): drawAnalysis(analysis)
            case .warning(let message):
                clearLine()
                FileHandle.standardError.write(Data("reel: warning: \(message)\n".utf8))
            default: break
            }
        case .none, .auto:
            if case .warning(let message) = event {
                FileHandle.standardError.write(Data("reel: warning: \(message)\n".utf8))
            }
        }
    }

    /// Prints the summary after success (not in JSON mode, whose last line is the completion event).
    func finish(_ summary: PackageSummary, directory: String) {
        guard mode != .json else { return }
        clearLine()
        let size = ByteCountFormatter.string(fromByteCount: Int64(summary.totalBytes), countStyle: .file)
        print(
            "Packaged \(Self.clock(summary.duration)) in \(String(format: "%.1f", summary.wallTime)) s → \(directory) (\(size))"
        )
        for r in summary.renditions {
            let geometry = r.width.map { "\($0)x\(r.height ?? 0)" } ?? r.kind
            print(
                "  \(r.id.padding(toLength: 14, withPad: " ", startingAt: 0)) \(geometry.padding(toLength: 10, withPad: " ", startingAt: 0)) "
                    + "\(r.codecs.padding(toLength: 12, withPad: " ", startingAt: 0)) avg \(r.averageBitrate / 1000)k "
                    + "peak \(r.peakBitrate / 1000)k, \(r.segments) segments\(r.copied ? ", copied" : "")")
        }
        for manifest in summary.manifests { print("  \(manifest)") }
        if let quality = summary.qualityReport { Self.printQuality(quality) }
        if let loudness = summary.loudness { Self.printLoudness(loudness) }
    }

    /// Prints each normalised audio rendition's loudness before and after.
    static func printLoudness(_ loudness: [LoudnessSummary]) {
        func figures(_ value: LoudnessSummary.Figures?) -> String {
            guard let value else { return "not measurable" }
            return String(
                format: "%6.1f LUFS %5.1f dBTP LRA %4.1f LU", value.integrated, value.truePeak, value.range)
        }
        print("Loudness (ITU-R BS.1770, EBU R 128 gating):")
        for r in loudness {
            let gain =
                r.gain.map { String(format: "gain %+.1f dB%@", $0, r.limited ? ", limited" : "") } ?? "left as is"
            print(
                "  \(r.rendition.padding(toLength: 14, withPad: " ", startingAt: 0)) \(r.standard.rawValue) "
                    + String(format: "(%.1f LUFS, %.1f dBTP): ", r.targetIntegrated, r.targetTruePeak)
                    + "in \(figures(r.input)) → out \(figures(r.output)), \(gain)")
        }
    }

    /// Prints what a per-title analysis chose and why.
    static func printPerTitle(_ decision: PerTitleDecision) {
        let analysis = decision.analysis
        print(
            "Per-title ladder (\(decision.metric) target \(decision.target)"
                + (decision.floor.map { ", floor \($0)" } ?? "") + "; \(analysis.trials) trials on "
                + "\(analysis.stretches) stretches, \(String(format: "%.1f", analysis.cpuSeconds)) CPU-s):")
        for rung in decision.rungs {
            let crf = rung.crf.map { String(format: " crf %.1f", $0) } ?? ""
            print(
                "  \(rung.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(rung.width)x\(rung.height) "
                    + String(format: "%6dk%@ predicted %.2f dB: ", rung.bitrate / 1000, crf, rung.predictedPSNR)
                    + rung.reason)
        }
        for dropped in decision.dropped { print("  dropped \(dropped.name): \(dropped.reason)") }
    }

    /// Prints each rendition's PSNR and SSIM and where the report is.
    static func printQuality(_ quality: QualityReportSummary) {
        if let decision = quality.perTitle { printPerTitle(decision) }
        print("Quality (against the source at each rendition's size; \(quality.json), \(quality.svg)):")
        for r in quality.renditions {
            let geometry = "\(r.width)x\(r.height)"
            print(
                "  \(r.id.padding(toLength: 14, withPad: " ", startingAt: 0)) "
                    + "\(geometry.padding(toLength: 10, withPad: " ", startingAt: 0)) "
                    + String(format: "%6dk  PSNR %6.2f dB  SSIM %.4f", r.bitrate / 1000, r.psnr, r.ssim))
        }
    }

    /// Clears the bar after a failure.
    func abandon() {
        clearLine()
    }

    private func drawAnalysis(_ analysis: AnalysisProgress) {
        clearLine()
        let line =
            "reel: analysing: \(Int(analysis.fraction * 100)) % of \(analysis.stretches) stretches × "
            + "\(analysis.candidates.count) sizes × \(analysis.ratePoints) rate points"
        FileHandle.standardError.write(Data(line.utf8))
        lastLineLength = line.count
    }

    private func draw(_ update: ProgressUpdate) {
        let width = 30
        let filled = min(width, Int(update.fraction * Double(width)))
        let bar =
            String(repeating: "=", count: filled) + (filled < width ? ">" : "")
            + String(repeating: " ", count: max(0, width - filled - 1))
        let line = String(
            format: "[%@] %5.1f%%  %@ / %@  %.2fx  %.0f fps", bar, update.fraction * 100, Self.clock(update.outTime),
            Self.clock(duration), update.speed, update.fps)
        let padding = String(repeating: " ", count: max(0, lastLineLength - line.count))
        FileHandle.standardError.write(Data("\r\(line)\(padding)".utf8))
        lastLineLength = line.count
    }

    private func clearLine() {
        guard mode == .bar, lastLineLength > 0 else { return }
        FileHandle.standardError.write(Data("\r\(String(repeating: " ", count: lastLineLength))\r".utf8))
        lastLineLength = 0
    }

    private static func clock(_ seconds: Double) -> String {
        let total = max(0, seconds)
        let minutes = Int(total) / 60
        return String(format: "%d:%04.1f", minutes, total - Double(minutes * 60))
    }
}
