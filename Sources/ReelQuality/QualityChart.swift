import Foundation
import ReelManifest

/// `quality.svg`: the rate–quality picture of a `QualityReport`, hand-written SVG 1.1 that
/// browsers and ImageMagick/librsvg render alike (presentation attributes only, no CSS, no script).
///
/// ```
///  PSNR (dB)                                   ┌ legend ───────────────────────┐
///   44 ┤                       ●━━━━━━━━━●    │ ● v1080p 1920×1080             │
///   40 ┤            ●━━━━━━━━━●  · ·· ·        │   4,812 kbit/s · 43.1 dB · …   │
///   36 ┤   ●━━━━━━━━· ·                        │ ● v720p …                      │
///      └────┬────────┬─────────┬──────         └────────────────────────────────┘
///          500     1000      2000   Bitrate (kbit/s, log scale)
/// ```
/// x is the measured bit rate on a log scale (kbit/s), y the PSNR (dB). Each rendition has its
/// own colour: a large dot at its mean (PSNR of the mean MSE, at its average bit rate) and a
/// thin curve through its segments' points (each segment's bit rate and PSNR), so the spread
/// across the content shows; a dark line joins the renditions' dots into the ladder's
/// rate–quality curve. Per-title reports add the trial encodes (grey crosses), their convex hull
/// (dashed) and the chosen rungs (rings).
public struct QualityChart: Sendable {
    /// The picture's size in pixels (its `viewBox`).
    public static let width = 1280.0
    public static let height = 720.0

    private let report: QualityReport
    /// The plot area.
    private let left = 90.0, right = 930.0, top = 100.0, bottom = 630.0

    /// Colours of the renditions, in order (Okabe–Ito, distinguishable with colour blindness).
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    /// - Parameter report: What to draw.
    public init(report: QualityReport) {
        self.report = report
    }

    /// The SVG document.
    public var svg: String {
        var out = ""
        out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(Self.width.svg)\" "
            + "height=\"\(Self.height.svg)\" viewBox=\"0 0 \(Self.width.svg) \(Self.height.svg)\" "
            + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
        out += "<title>\(escape("Rate-quality chart: \(report.source)"))</title>\n"
        out +=
            "<desc>PSNR in dB against measured bitrate in kbit/s (log scale), one curve per video rendition "
            + "through its segments, the renditions' means joined as the ladder's curve.</desc>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Self.width.svg)\" height=\"\(Self.height.svg)\" fill=\"#ffffff\"/>\n"
        out += header()
        guard let scale = ChartScale(report: report, left: left, right: right, top: top, bottom: bottom) else {
            out += text(
                "No video rendition was measured.", x: (left + right) / 2, y: (top + bottom) / 2, size: 20,
                anchor: "middle")
            return out + "</svg>\n"
        }
        out += axes(scale)
        out += perTitle(scale)
        out += ladder(scale)
        for (index, rendition) in report.renditions.enumerated() {
            out += curve(rendition, colour: Self.colour(index), scale: scale)
        }
        out += legend()
        return out + "</svg>\n"
    }

    /// The colour of the rendition at `index`.
    static func colour(_ index: Int) -> String { palette[index % palette.count] }

    private func header() -> String {
        var out = text(
            "Rate–quality: PSNR against bitrate", x: left, y: 36, size: 24, weight: "bold", anchor: "start")
        let how =
            report.measured == QualityReport.measuredWhilePackaging
            ? "measured while packaging" : "measured from \(report.manifest ?? "the package")"
        out += text(
            "source: \(Self.shortened(report.source, to: 100)) · \(how)", x: left, y: 60, size: 14, fill: "#444444",
            anchor: "start")
        out += text(
            "PSNR of the mean MSE against the source scaled to each rendition's size (FFmpeg psnr and ssim filters) · "
                + "no VMAF: Debian's FFmpeg is built without libvmaf",
            x: left, y: 80, size: 14, fill: "#444444", anchor: "start")
        return out
    }

    /// Text cut in the middle to at most `limit` characters.
    static func shortened(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let half = (limit - 1) / 2
        return String(text.prefix(half)) + "…" + String(text.suffix(limit - 1 - half))
    }

    private func axes(_ scale: ChartScale) -> String {
        var out = "<g id=\"axes\">\n"
        out += "<rect x=\"\(left.svg)\" y=\"\(top.svg)\" width=\"\((right - left).svg)\" "
        out += "height=\"\((bottom - top).svg)\" fill=\"#fbfbfb\" stroke=\"#888888\" stroke-width=\"1\"/>\n"
        for tick in scale.xTicks {
            let x = scale.x(tick * 1000)
            out += line(x, top, x, bottom, stroke: "#e2e2e2")
            out += line(x, bottom, x, bottom + 6, stroke: "#555555")
            out += text(Self.kilobits(tick), x: x, y: bottom + 24, size: 15, anchor: "middle")
        }
        for tick in scale.yTicks {
            let y = scale.y(tick)
            out += line(left, y, right, y, stroke: "#e2e2e2")
            out += line(left - 6, y, left, y, stroke: "#555555")
            out += text(Self.decibels(tick, step: scale.yStep), x: left - 10, y: y + 5, size: 15, anchor: "end")
        }
        out += text(
            "Bitrate (kbit/s, log scale)", x: (left + right) / 2, y: bottom + 56, size: 17, weight: "bold",
            anchor: "middle", id: "x-label")
        let middle = (top + bottom) / 2
        out +=
            "<text id=\"y-label\" x=\"28\" y=\"\(middle.svg)\" font-size=\"17\" font-weight=\"bold\" "
            + "text-anchor=\"middle\" fill=\"#222222\" transform=\"rotate(-90 28 \(middle.svg))\">PSNR (dB)</text>\n"
        return out + "</g>\n"
    }

    private func ladder(_ scale: ChartScale) -> String {
        let points = report.renditions.sorted { $0.bitrate < $1.bitrate }.map {
            (scale.x(Double($0.bitrate)), scale.y($0.psnr.mean))
        }
        guard points.count > 1 else { return "" }
        return "<g id=\"ladder\">\n" + polyline(points, stroke: "#333333", width: 2.5) + "</g>\n"
    }

    private func curve(_ rendition: RenditionQuality, colour: String, scale: ChartScale) -> String {
        var out = "<g id=\"rendition-\(escape(rendition.id))\" class=\"rendition\">\n"
        let segments = rendition.segments.filter { $0.bitrate > 0 && $0.frames > 0 }
            .sorted { $0.bitrate < $1.bitrate }
        let points = segments.map { (scale.x(Double($0.bitrate)), scale.y($0.psnr)) }
        if points.count > 1 { out += polyline(points, stroke: colour, width: 1.5, opacity: 0.6) }
        let x = scale.x(Double(rendition.bitrate))
        let y = scale.y(rendition.psnr.mean)
        out +=
            "<circle cx=\"\(x.svg)\" cy=\"\(y.svg)\" r=\"8\" fill=\"\(colour)\" fill-opacity=\"0.8\" "
            + "stroke=\"#ffffff\" stroke-width=\"2\"/>\n"
        // The segments on top, so those near the mean still show.
        for (x, y) in points {
            out +=
                "<circle cx=\"\(x.svg)\" cy=\"\(y.svg)\" r=\"3.5\" fill=\"\(colour)\" stroke=\"#ffffff\" "
                + "stroke-width=\"1\"/>\n"
        }
        out += text(rendition.id, x: x + 11, y: y - 10, size: 14, weight: "bold", fill: colour, anchor: "start")
        return out + "</g>\n"
    }

    private func perTitle(_ scale: ChartScale) -> String {
        var out = ""
        if let trials = report.trials, !trials.isEmpty {
            out += "<g id=\"trials\">\n"
            for point in trials {
                let (x, y) = (scale.x(Double(point.bitrate)), scale.y(point.psnr))
                out += line(x - 5, y, x + 5, y, stroke: "#8a8a8a", width: 1.5)
                out += line(x, y - 5, x, y + 5, stroke: "#8a8a8a", width: 1.5)
            }
            out += "</g>\n"
        }
        if let hull = report.hull, hull.count > 1 {
            let points = hull.sorted { $0.bitrate < $1.bitrate }.map { (scale.x(Double($0.bitrate)), scale.y($0.psnr)) }
            out += "<g id=\"hull\">\n" + polyline(points, stroke: "#111111", width: 1.5, dash: "7 5") + "</g>\n"
        }
        if let chosen = report.chosen, !chosen.isEmpty {
            out += "<g id=\"chosen\">\n"
            for point in chosen {
                let (x, y) = (scale.x(Double(point.bitrate)), scale.y(point.psnr))
                out +=
                    "<circle cx=\"\(x.svg)\" cy=\"\(y.svg)\" r=\"12\" fill=\"none\" stroke=\"#111111\" "
                    + "stroke-width=\"2.5\"/>\n"
            }
            out += "</g>\n"
        }
        return out
    }

    private func legend() -> String {
        let x = right + 28
        var y = top + 4
        var out = "<g id=\"legend\">\n"
        out += text("Renditions", x: x, y: y + 14, size: 17, weight: "bold", anchor: "start")
        y += 40
        for (index, rendition) in report.renditions.enumerated() {
            let colour = Self.colour(index)
            out += line(x, y - 5, x + 30, y - 5, stroke: colour, width: 1.5)
            out += "<circle cx=\"\((x + 15).svg)\" cy=\"\((y - 5).svg)\" r=\"7\" fill=\"\(colour)\"/>\n"
            out += text(
                "\(rendition.id)  \(rendition.width)×\(rendition.height)", x: x + 40, y: y, size: 15, weight: "bold",
                anchor: "start")
            out += text(
                "\(Self.kilobits(Double(rendition.bitrate) / 1000)) kbit/s · "
                    + "\(String(format: "%.2f", rendition.psnr.mean)) dB · SSIM \(String(format: "%.4f", rendition.ssim.mean))",
                x: x + 40, y: y + 19, size: 13, fill: "#444444", anchor: "start")
            y += 46
        }
        var keys: [(String, String)] = []
        if report.renditions.count > 1 { keys.append(("ladder", "ladder: the renditions' means")) }
        keys.append(("segments", "small dots: one per segment"))
        if report.trials?.isEmpty == false { keys.append(("trials", "+ trial encodes")) }
        if (report.hull?.count ?? 0) > 1 { keys.append(("hull", "convex hull of the trials")) }
        if report.chosen?.isEmpty == false { keys.append(("chosen", "chosen rungs")) }
        y += 6
        for (kind, label) in keys {
            switch kind {
            case "ladder": out += line(x, y - 5, x + 30, y - 5, stroke: "#333333", width: 2.5)
            case "hull": out += polyline([(x, y - 5), (x + 30, y - 5)], stroke: "#111111", width: 1.5, dash: "7 5")
            case "chosen":
                out += "<circle cx=\"\((x + 15).svg)\" cy=\"\((y - 5).svg)\" r=\"7\" fill=\"none\" stroke=\"#111111\" "
                out += "stroke-width=\"2\"/>\n"
            case "trials":
                out += line(x + 10, y - 5, x + 20, y - 5, stroke: "#8a8a8a", width: 1.5)
                out += line(x + 15, y - 10, x + 15, y, stroke: "#8a8a8a", width: 1.5)
            default:
                out += "<circle cx=\"\((x + 15).svg)\" cy=\"\((y - 5).svg)\" r=\"3.5\" fill=\"#666666\"/>\n"
            }
            out += text(label, x: x + 40, y: y, size: 13, fill: "#444444", anchor: "start")
            y += 24
        }
        return out + "</g>\n"
    }

    // MARK: Drawing

    private func text(
        _ content: String, x: Double, y: Double, size: Int, weight: String? = nil, fill: String = "#222222",
        anchor: String, id: String? = nil
    ) -> String {
        var out = "<text"
        if let id { out += " id=\"\(id)\"" }
        out += " x=\"\(x.svg)\" y=\"\(y.svg)\" font-size=\"\(size)\""
        if let weight { out += " font-weight=\"\(weight)\"" }
        return out + " fill=\"\(fill)\" text-anchor=\"\(anchor)\">\(escape(content))</text>\n"
    }

    private func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1
    ) -> String {
        "<line x1=\"\(x1.svg)\" y1=\"\(y1.svg)\" x2=\"\(x2.svg)\" y2=\"\(y2.svg)\" stroke=\"\(stroke)\" "
            + "stroke-width=\"\(width.svg)\"/>\n"
    }

    private func polyline(
        _ points: [(Double, Double)], stroke: String, width: Double, opacity: Double = 1, dash: String? = nil
    ) -> String {
        let list = points.map { "\($0.0.svg),\($0.1.svg)" }.joined(separator: " ")
        var out =
            "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(width.svg)\" "
            + "stroke-linejoin=\"round\""
        if opacity < 1 { out += " stroke-opacity=\"\(opacity.svg)\"" }
        if let dash { out += " stroke-dasharray=\"\(dash)\"" }
        return out + "/>\n"
    }

    private func escape(_ text: String) -> String { XMLText.escape(text) }

    /// A bit rate in kbit/s as a tick or legend shows it: `150`, `1,500`, `12,000`; `0.5` below 1.
    static func kilobits(_ kbps: Double) -> String {
        if kbps < 1 { return String(format: "%.2g", kbps) }
        let whole = Int(kbps.rounded())
        var digits = Array(String(whole))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }

    /// A PSNR tick with as many decimals as its step needs.
    static func decibels(_ value: Double, step: Double) -> String {
        step >= 1 ? String(format: "%.0f", value) : String(format: "%.1f", value)
    }
}

extension Double {
    /// A coordinate for SVG: at most two decimals, no exponent.
    fileprivate var svg: String {
        let rounded = (self * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.2f", rounded)
    }
}
