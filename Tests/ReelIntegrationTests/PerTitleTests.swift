import Foundation
import ReelManifest
import ReelQuality
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// A per-title ladder end to end on a short generated clip: the analysis runs (and says so in the
/// progress stream), the chosen rungs are packaged by the ordinary pipeline, and the quality report
/// carries the trials, the hull, the chosen rungs and the reasons.
final class PerTitleTests: XCTestCase {
    private let yaml = """
        name: pt
        segment_duration: 2
        keyframe_interval: 1
        video: {codec: h264, preset: ultrafast}
        per_title:
          target: 40
          min: 34
          min_bitrate: 100k
          max_bitrate: 3000k
          max_rungs: 3
          min_step: 2
          trials: {samples: 3, duration: 1, preset: ultrafast, crf: [18, 28, 38]}
        rungs:
          - {name: 360p, width: 640, height: 360}
          - {name: 270p, width: 480, height: 270}
          - {name: 180p, width: 320, height: 180}
        audio:
          - {name: 64k, bitrate: 64k}
        """

    func testAPerTitleLadderIsAnalysedChosenPackagedAndReported() async throws {
        let source = try TestMedia.clip("per-title.mp4") { $0.duration = 7 }
        let ladder = try LadderLoader.load(yaml: yaml, source: "pt.yaml")
        let out = try TestMedia.scratchDirectory(self)
        let (summary, events) = try await TestMedia.package(PackageRequest(source: source, ladder: ladder), into: out)

        // The progress stream: analysis first, up to the whole, then the run as usual.
        let names = events.map(\.name)
        let firstStarted = try XCTUnwrap(names.firstIndex(of: "started"))
        let analysis = events.compactMap { event -> AnalysisProgress? in
            if case .analysis(let progress) = event { return progress }
            return nil
        }
        XCTAssertEqual(analysis.count, 3, "one event per stretch")
        XCTAssertEqual(analysis.last?.fraction, 1)
        XCTAssertEqual(analysis.first?.candidates, ["360p", "270p", "180p"])
        XCTAssertTrue(names[..<firstStarted].allSatisfy { $0 == "analysis" }, "\(names)")
        XCTAssertTrue(events[0].jsonLine().contains("\"event\":\"analysis\""), events[0].jsonLine())

        // The report: trials, hull, chosen, and the decision with its reasons.
        let report = try QualityReport(json: try Data(contentsOf: out.appendingPathComponent("quality.json")))
        XCTAssertEqual(report.trials?.count, 9, "3 sizes × 3 CRF points")
        XCTAssertGreaterThanOrEqual(report.hull?.count ?? 0, 2)
        let decision = try XCTUnwrap(report.perTitle)
        XCTAssertEqual(decision.target, 40)
        XCTAssertEqual(decision.analysis.stretches, 3)
        XCTAssertEqual(decision.analysis.trials, 9)
        XCTAssertGreaterThan(decision.analysis.cpuSeconds, 0)
        XCTAssertFalse(decision.rungs.isEmpty)
        XCTAssertTrue(decision.rungs.allSatisfy { !$0.reason.isEmpty && $0.crf != nil })
        XCTAssertEqual(report.chosen?.map(\.label), decision.rungs.map(\.name))
        XCTAssertEqual(decision.rungs.first?.width, 640, "the top rung keeps the largest candidate")

        // Packaged as chosen: one rendition per chosen rung, each measured.
        let video = summary.renditions.filter { $0.kind == "video" }
        XCTAssertEqual(video.map(\.id), decision.rungs.map { "v\($0.name)" })
        XCTAssertEqual(report.renditions.map(\.id), video.map(\.id))
        for (rung, measured) in zip(decision.rungs, report.renditions) {
            XCTAssertEqual(
                measured.psnr.mean, rung.predictedPSNR, accuracy: 3, "\(rung.name): the trials predict the encode")
        }
        let svg = try String(contentsOf: out.appendingPathComponent("quality.svg"), encoding: .utf8)
        for group in ["trials", "hull", "chosen"] { XCTAssertTrue(svg.contains("id=\"\(group)\""), group) }
        XCTAssertEqual(summary.qualityReport?.perTitle, decision, "the summary says what was chosen")
        XCTAssertTrue(
            ProgressEvent.completed(summary).jsonLine().contains("\"per_title\":{"), "and the completed event")
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("master.m3u8").path))
    }

    /// A source that needs the shared conversion (deinterlacing and a quarter turn) goes through
    /// the filter graph the analysis runs on its reading thread, pass after pass: the candidates
    /// are turned for the portrait picture and the trials still predict what the package measures.
    func testTheAnalysisSeesTheConvertedPictures() async throws {
        let source = try TestMedia.clip("per-title-interlaced-rotated.mp4") {
            $0.duration = 5
            $0.fieldOrder = "tt"
            $0.rotation = 90
        }
        let ladder = try LadderLoader.load(yaml: yaml, source: "pt.yaml")
        let out = try TestMedia.scratchDirectory(self)
        let (summary, _) = try await TestMedia.package(PackageRequest(source: source, ladder: ladder), into: out)
        let report = try QualityReport(json: try Data(contentsOf: out.appendingPathComponent("quality.json")))
        let decision = try XCTUnwrap(report.perTitle)
        XCTAssertEqual(report.trials?.count, 9)
        let top = try XCTUnwrap(decision.rungs.first)
        XCTAssertEqual([top.width, top.height], [360, 640], "the candidates are turned for the portrait picture")
        for (rung, measured) in zip(decision.rungs, report.renditions) {
            XCTAssertEqual(
                measured.psnr.mean, rung.predictedPSNR, accuracy: 3, "\(rung.name): the trials predict the encode")
        }
        XCTAssertEqual(summary.renditions.filter { $0.kind == "video" }.count, decision.rungs.count)
    }

    func testAnInlineLadderTakesPerTitleToo() throws {
        let json = """
            {"name": "inline", "video": {"codec": "h264", "preset": "veryfast"},
             "per_title": {"target": 42, "min_bitrate": "300k", "max_bitrate": "6000k", "min_step": 1.5},
             "rungs": [{"name": "720p", "height": 720}, {"name": "360p", "height": 360}],
             "audio": [{"name": "128k", "bitrate": "128k"}]}
            """
        let choice = try JSONDecoder().decode(LadderChoice.self, from: Data(json.utf8))
        let ladder = try choice.resolve(in: LadderCatalog(), allowFiles: false)
        XCTAssertEqual(ladder.perTitle?.target, 42)
        let bad = json.replacingOccurrences(of: "\"min_step\": 1.5", with: "\"min_step\": 0")
        XCTAssertThrowsError(try JSONDecoder().decode(LadderChoice.self, from: Data(bad.utf8))) { error in
            XCTAssertTrue("\(error)".contains("per_title.min_step"), "\(error)")
        }
    }
}
