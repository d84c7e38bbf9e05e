import Foundation
import XCTest

@testable import ReelQuality

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `quality.svg` is XML with labelled axes, a curve per rendition and a legend, and a standard
/// converter renders it.
final class QualityChartTests: XCTestCase {
    /// Three renditions of four segments each, the ladder's quality rising with its bit rate.
    static func report(perTitle: Bool = false) -> QualityReport {
        let ladder = [
            ("v360p", 640, 360, 800_000, 36.0), ("v720p", 1280, 720, 2_500_000, 40.5),
            ("v1080p", 1920, 1080, 5_000_000, 43.2),
        ]
        var renditions: [RenditionQuality] = []
        for (id, width, height, rate, quality) in ladder {
            var measurement = RenditionMeasurement()
            for segment in 0..<4 {
                let mse = 255.0 * 255 / pow(10, (quality + Double(segment % 2) - 0.5) / 10)
                for frame in 0..<30 {
                    measurement.add(time: Double(segment) + Double(frame) / 30, mse: mse, ssim: 0.97, peak: 255)
                }
                let bytes = rate / 8 * (segment % 2 == 0 ? 9 : 11) / 10
                measurement.addSegment(number: segment + 1, start: Double(segment), duration: 1, bytes: bytes)
            }
            renditions.append(measurement.rendition(id: id, width: width, height: height)!)
        }
        var report = QualityReport(
            source: "talk & co.mp4", measured: QualityReport.measuredWhilePackaging, renditions: renditions)
        if perTitle {
            report.trials = [
                RateQualityPoint(width: 960, height: 540, bitrate: 1_500_000, psnr: 38.9, label: "540p crf 26"),
                RateQualityPoint(width: 1280, height: 720, bitrate: 3_000_000, psnr: 41.4),
            ]
            report.hull = report.trials
            report.chosen = [report.trials![1]]
        }
        return report
    }

    /// Elements of an SVG document, by name, with their attributes and text.
    private final class Elements: NSObject, XMLParserDelegate {
        var found: [(name: String, attributes: [String: String], text: String, groups: [String])] = []
        private var groups: [String] = []
        private var open: [Int] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            found.append((elementName, attributes, "", groups))
            open.append(found.count - 1)
            if elementName == "g" { groups.append(attributes["id"] ?? "") }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let last = open.last { found[last].text += string }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            open.removeLast()
            if elementName == "g" { groups.removeLast() }
        }
    }

    private func parse(_ svg: String) throws -> Elements {
        let parser = XMLParser(data: Data(svg.utf8))
        let elements = Elements()
        parser.delegate = elements
        XCTAssertTrue(parser.parse(), "not XML: \(parser.parserError.map { "\($0)" } ?? "")")
        return elements
    }

    func testTheChartHasLabelledAxesACurvePerRenditionAndALegend() throws {
        let report = Self.report()
        let elements = try parse(QualityChart(report: report).svg)
        let root = try XCTUnwrap(elements.found.first)
        XCTAssertEqual(root.name, "svg")
        XCTAssertEqual(root.attributes["width"], "1280")
        let texts = elements.found.filter { $0.name == "text" }
        let xLabel = try XCTUnwrap(texts.first { $0.attributes["id"] == "x-label" })
        let yLabel = try XCTUnwrap(texts.first { $0.attributes["id"] == "y-label" })
        XCTAssertTrue(xLabel.text.contains("kbit/s"), xLabel.text)
        XCTAssertTrue(yLabel.text.contains("PSNR") && yLabel.text.contains("dB"), yLabel.text)
        let ticks = texts.filter { $0.groups == ["axes"] && $0.attributes["id"] == nil }.map(\.text)
        XCTAssertTrue(ticks.contains("1,000") && ticks.contains("2,000"), "log ticks 1-2-5: \(ticks)")
        for rendition in report.renditions {
            let group = "rendition-\(rendition.id)"
            let curves = elements.found.filter { $0.name == "polyline" && $0.groups.last == group }
            XCTAssertEqual(curves.count, 1, "one curve for \(rendition.id)")
            let points = try XCTUnwrap(curves.first?.attributes["points"]).split(separator: " ")
            XCTAssertEqual(points.count, rendition.segments.count, "a point per segment")
            XCTAssertTrue(
                texts.contains { $0.groups.last == "legend" && $0.text.hasPrefix("\(rendition.id) ") },
                "\(rendition.id) in the legend")
        }
        let ladder = try XCTUnwrap(elements.found.first { $0.name == "polyline" && $0.groups.last == "ladder" })
        let xs = try XCTUnwrap(ladder.attributes["points"]).split(separator: " ")
            .map { Double($0.split(separator: ",")[0])! }
        XCTAssertEqual(xs, xs.sorted(), "the ladder runs left to right, by bit rate")
        XCTAssertTrue(texts.contains { $0.text.contains("talk & co.mp4") }, "the source, escaped and read back")
        XCTAssertFalse(elements.found.contains { ["trials", "hull", "chosen"].contains($0.attributes["id"] ?? "") })
    }

    func testPerTitlePointsAreDrawnWhenTheReportHasThem() throws {
        let elements = try parse(QualityChart(report: Self.report(perTitle: true)).svg)
        for id in ["trials", "hull", "chosen"] {
            XCTAssertTrue(elements.found.contains { $0.name == "g" && $0.attributes["id"] == id }, id)
        }
    }

    func testAReportWithoutRenditionsStillRenders() throws {
        let report = QualityReport(source: "audio.m4a", measured: QualityReport.measuredFromPackage, renditions: [])
        let elements = try parse(QualityChart(report: report).svg)
        XCTAssertTrue(elements.found.contains { $0.text.contains("No video rendition") })
    }

    /// Renders `svg` to `png` with librsvg's `rsvg-convert` or ImageMagick's `convert`, whichever
    /// is installed; nil when neither can.
    private func render(_ svg: URL, to png: URL) throws -> String? {
        let converters = [
            ("/usr/bin/rsvg-convert", ["--format=png", "--output", png.path, svg.path]),
            ("/usr/bin/convert", [svg.path, png.path]), ("/usr/local/bin/convert", [svg.path, png.path]),
        ]
        for (path, arguments) in converters where FileManager.default.isExecutableFile(atPath: path) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            // A stand-in convert that only reads PNGs says so; the next converter is tried.
            if message.contains("not installed") { continue }
            XCTAssertEqual(process.terminationStatus, 0, "\(path): \(message)")
            return path
        }
        return nil
    }

    func testAConverterRendersTheChartAsAPNGOfItsSize() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reel-chart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let svg = directory.appendingPathComponent("quality.svg")
        let png = directory.appendingPathComponent("quality.png")
        try QualityChart(report: Self.report(perTitle: true)).svg.write(to: svg, atomically: true, encoding: .utf8)
        guard try render(svg, to: png) != nil else {
            throw XCTSkip("no SVG converter: apt-get install librsvg2-bin (or imagemagick)")
        }
        let bytes = [UInt8](try Data(contentsOf: png))
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG")
        // IHDR: width and height, big-endian, at bytes 16…23.
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual([width, height], [1280, 720])
        XCTAssertGreaterThan(bytes.count, 20_000, "a picture with something drawn on it")
    }
}
