import Foundation
import ReelManifest
import ReelQuality
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// The quality report: PSNR and SSIM measured while packaging and by `reel quality` on existing
/// packages (Reel's and the ffmpeg CLI's), held to what the ffmpeg CLI's own `psnr` and `ssim`
/// filters say of the same pairs.
final class QualityReportTests: XCTestCase {
    /// How close Reel's PSNR must be to the CLI's, in dB.
    private static let psnrTolerance = 0.2
    /// How close Reel's SSIM must be to the CLI's.
    private static let ssimTolerance = 0.002

    private func source() throws -> String {
        try TestMedia.clip("quality.mp4") { $0.duration = 4 }
    }

    private func package(_ source: String, qualityReport: Bool, into out: URL) async throws -> PackageSummary {
        var request = PackageRequest(source: source, ladder: TestMedia.smallLadder())
        request.qualityReport = qualityReport
        return try await TestMedia.package(request, into: out).0
    }

    private func report(in directory: URL) throws -> QualityReport {
        try QualityReport(json: try Data(contentsOf: directory.appendingPathComponent("quality.json")))
    }

    func testWhilePackagingEveryRungIsMeasuredAsTheFFmpegCLIMeasuresIt() async throws {
        let ffmpeg = try FFmpegCLI.required()
        let source = try source()
        let out = try TestMedia.scratchDirectory(self)
        let summary = try await package(source, qualityReport: true, into: out)
        let report = try report(in: out)
        XCTAssertEqual(report.renditions.map(\.id), ["v360p", "v270p", "v180p"], "every video rung, in ladder order")
        XCTAssertEqual(report.measured, QualityReport.measuredWhilePackaging)
        XCTAssertTrue(report.metrics.vmaf.contains("libvmaf"), report.metrics.vmaf)
        let svg = try String(contentsOf: out.appendingPathComponent("quality.svg"), encoding: .utf8)
        for rendition in report.renditions {
            let playlist = try MediaPlaylist(
                contentsOf: out.appendingPathComponent(rendition.id).appendingPathComponent("index.m3u8"))
            let cli = try ffmpeg.quality(
                out.appendingPathComponent(rendition.id).appendingPathComponent("index.m3u8").path, source: source,
                width: rendition.width, height: rendition.height)
            XCTAssertEqual(rendition.psnr.mean, cli.psnr, accuracy: Self.psnrTolerance, "\(rendition.id) PSNR")
            XCTAssertEqual(rendition.ssim.mean, cli.ssim, accuracy: Self.ssimTolerance, "\(rendition.id) SSIM")
            XCTAssertLessThan(rendition.psnr.mean, 60, "a lossy encode, not the reference against itself")
            XCTAssertEqual(rendition.frames, 120, "\(rendition.id): every picture of 4 s at 30 fps")
            let summarized = try XCTUnwrap(summary.renditions.first { $0.id == rendition.id })
            XCTAssertEqual(rendition.segments.count, summarized.segments, "\(rendition.id): a figure per segment")
            XCTAssertEqual(rendition.segments.count, playlist.segments.count)
            XCTAssertEqual(rendition.segments.map(\.frames).reduce(0, +), rendition.frames)
            XCTAssertEqual(rendition.segments.map(\.start), [0, 2], "the chunker's instants")
            XCTAssertEqual(rendition.bandwidth, summarized.peakBitrate)
            XCTAssertEqual(rendition.averageBandwidth, summarized.averageBitrate)
            XCTAssertTrue(svg.contains("id=\"rendition-\(rendition.id)\""), "\(rendition.id) has its curve")
        }
        let headline = try XCTUnwrap(summary.qualityReport)
        XCTAssertEqual(headline.json, "quality.json")
        XCTAssertEqual(headline.svg, "quality.svg")
        XCTAssertEqual(headline.renditions.map(\.psnr), report.renditions.map(\.psnr.mean))
        XCTAssertEqual(headline.renditions.map(\.ssim), report.renditions.map(\.ssim.mean))
        let completed = ProgressEvent.completed(summary).jsonLine()
        XCTAssertTrue(completed.contains("\"quality_report\":{"), completed)
    }

    func testWithoutAskingThereIsNoReportAndNoMeasurement() async throws {
        let out = try TestMedia.scratchDirectory(self)
        let summary = try await package(try source(), qualityReport: false, into: out)
        XCTAssertNil(summary.qualityReport)
        for name in ["quality.json", "quality.svg"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), name)
        }
        XCTAssertFalse(ProgressEvent.completed(summary).jsonLine().contains("quality_report"))
    }

    func testReelQualityOnAReelPackageFindsWhatPackagingMeasured() async throws {
        let source = try source()
        let out = try TestMedia.scratchDirectory(self)
        _ = try await package(source, qualityReport: true, into: out)
        let measured = try report(in: out)
        let elsewhere = try TestMedia.scratchDirectory(self)
        let outcome = try await PackageQualityAnalyzer(source: source, package: out.path).run(
            writingTo: elsewhere.path)
        XCTAssertEqual(outcome.report.measured, QualityReport.measuredFromPackage)
        XCTAssertEqual(outcome.report.manifest, "master.m3u8")
        XCTAssertEqual(Set(outcome.report.renditions.map(\.id)), Set(measured.renditions.map(\.id)))
        for rendition in outcome.report.renditions {
            let during = try XCTUnwrap(measured.renditions.first { $0.id == rendition.id })
            XCTAssertEqual(rendition.psnr.mean, during.psnr.mean, accuracy: 0.01, rendition.id)
            XCTAssertEqual(rendition.ssim.mean, during.ssim.mean, accuracy: 0.0001, rendition.id)
            XCTAssertEqual(rendition.segments.map(\.frames), during.segments.map(\.frames), rendition.id)
            XCTAssertEqual(rendition.segments.map(\.bytes), during.segments.map(\.bytes), rendition.id)
            // The master playlist's BANDWIDTH is the variant's: the rendition's peak and the audio's.
            XCTAssertGreaterThan(try XCTUnwrap(rendition.bandwidth), try XCTUnwrap(during.bandwidth), rendition.id)
        }
        XCTAssertEqual(outcome.summary.json, elsewhere.appendingPathComponent("quality.json").path)
        XCTAssertEqual(try report(in: elsewhere), outcome.report)
        XCTAssertTrue(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("quality.svg").path))
    }

    /// The ffmpeg CLI's HLS (MPEG-TS segments starting at 1.4 s, audio in every variant) and DASH
    /// (SegmentTemplate with a SegmentTimeline) packages of two renditions.
    private func ffmpegPackage(_ source: String, format: String, into out: URL) throws -> String {
        let ffmpeg = try FFmpegCLI.required()
        let encode = [
            "-i", source, "-filter_complex", "[0:v]split=2[a][b];[a]scale=640:360[v1];[b]scale=320:180[v2]",
            "-map", "[v1]", "-map", "[v2]", "-c:v", "libx264", "-preset", "veryfast", "-b:v:0", "500k",
            "-b:v:1", "150k", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
        ]
        if format == "hls" {
            try ffmpeg.run(
                encode + [
                    "-map", "0:a", "-map", "0:a", "-c:a", "aac", "-f", "hls", "-hls_time", "2", "-hls_playlist_type",
                    "vod", "-master_pl_name", "master.m3u8", "-var_stream_map", "v:0,a:0 v:1,a:1",
                    "-hls_segment_filename", out.path + "/v%v/seg_%03d.ts", out.path + "/v%v/index.m3u8",
                ])
            return out.appendingPathComponent("master.m3u8").path
        }
        try ffmpeg.run(encode + ["-f", "dash", "-seg_duration", "2", out.path + "/manifest.mpd"])
        return out.appendingPathComponent("manifest.mpd").path
    }

    func testReelQualityOnFFmpegCLIPackagesGivesTheCLIFigures() async throws {
        let ffmpeg = try FFmpegCLI.required()
        let source = try source()
        for format in ["hls", "dash"] {
            let out = try TestMedia.scratchDirectory(self)
            let manifest = try ffmpegPackage(source, format: format, into: out)
            let outcome = try await PackageQualityAnalyzer(source: source, package: manifest).run()
            XCTAssertEqual(outcome.report.renditions.map(\.width), [640, 320], format)
            XCTAssertEqual(outcome.summary.svg, out.appendingPathComponent("quality.svg").path, "next to the manifest")
            for (index, rendition) in outcome.report.renditions.enumerated() {
                let target =
                    format == "hls"
                    ? out.appendingPathComponent("v\(index)/index.m3u8").path : manifest
                let cli = try ffmpeg.quality(
                    target, videoStream: format == "hls" ? 0 : index, source: source, width: rendition.width,
                    height: rendition.height)
                XCTAssertEqual(rendition.psnr.mean, cli.psnr, accuracy: Self.psnrTolerance, "\(format) \(rendition.id)")
                XCTAssertEqual(rendition.ssim.mean, cli.ssim, accuracy: Self.ssimTolerance, "\(format) \(rendition.id)")
                XCTAssertEqual(rendition.frames, 120, "\(format) \(rendition.id)")
                XCTAssertEqual(rendition.segments.count, 2, "\(format) \(rendition.id): 2 s segments of 4 s")
                XCTAssertNotNil(rendition.bandwidth, "the declared bandwidth, read from the manifest")
            }
            let report = try report(in: out)
            XCTAssertEqual(report, outcome.report, "\(format): quality.json written next to the manifest")
        }
    }

    func testAPackageThatIsNoManifestOrASourceOfAnotherLengthIsOneClearError() async throws {
        let source = try source()
        do {
            _ = try await PackageQualityAnalyzer(source: source, package: source).run()
            XCTFail("a media file is not a manifest")
        } catch {
            XCTAssertEqual(error, .permanent("\(source): not an HLS master playlist or a DASH MPD"))
        }
        let empty = try TestMedia.scratchDirectory(self)
        do {
            _ = try await PackageQualityAnalyzer(source: source, package: empty.path).run()
            XCTFail("an empty directory is not a package")
        } catch {
            XCTAssertEqual(error, .permanent("\(empty.path): no HLS master playlist or DASH MPD in the directory"))
        }
        let out = try TestMedia.scratchDirectory(self)
        _ = try await package(source, qualityReport: false, into: out)
        let longer = try TestMedia.clip("longer.mp4") { $0.duration = 8 }
        do {
            _ = try await PackageQualityAnalyzer(source: longer, package: out.path).run()
            XCTFail("an 8 s source is not the source of a 4 s package")
        } catch {
            guard case .invalidInput(let name, _, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(name, longer)
            XCTAssertTrue(reason.contains("not the source of this package"), reason)
            XCTAssertFalse(error.description.contains("\n"), "one line")
        }
    }
}
