import Foundation
import ReelManifest
import ReelOutput
import ReelQuality

/// Writes a quality report as `quality.json` and `quality.svg` into a package (or any output).
enum QualityReportWriter {
    /// Writes both files.
    /// - Parameters:
    ///   - report: The report.
    ///   - output: Where the files go (a package's output, or a directory for `reel quality`).
    /// - Returns: The summary naming the two files.
    static func write(_ report: QualityReport, to output: any MultiFileOutput) throws -> QualityReportSummary {
        let (json, svg) = (PackageLayout.qualityReport, PackageLayout.qualityChart)
        try output.write(try report.jsonData(), to: json, contentType: .json)
        try output.write(Data(QualityChart(report: report).svg.utf8), to: svg, contentType: .svg)
        return QualityReportSummary(report, json: json, svg: svg)
    }
}
