import Foundation
import XCTest

@testable import ReelQuality

/// Pooling as FFmpeg pools: PSNR of the mean MSE, worst frames, segments by presentation time.
final class QualityStatisticsTests: XCTestCase {
    func testPSNRIsOfTheMeanMSENotTheMeanOfPSNRs() throws {
        var pooled = QualityStatistics()
        pooled.add(mse: 1, ssim: 0.99, peak: 255)
        pooled.add(mse: 100, ssim: 0.80, peak: 255)
        // ffmpeg: 10·log10(255² / ((1 + 100) / 2)) = 31.0979…; the mean of the two PSNRs would be 38.13.
        XCTAssertEqual(try XCTUnwrap(pooled.psnr), 31.0979, accuracy: 1e-4)
        XCTAssertEqual(try XCTUnwrap(pooled.minPSNR), 10 * log10(255.0 * 255 / 100), accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(pooled.ssim), 0.895, accuracy: 1e-12)
        XCTAssertEqual(pooled.minSSIM, 0.80)
        XCTAssertEqual(pooled.frames, 2)
    }

    func testTenBitPicturesUseTheirPeakAndIdenticalPicturesRead100dB() throws {
        XCTAssertEqual(QualityStatistics.decibels(mse: 1, peak: 1023), 10 * log10(1023.0 * 1023), accuracy: 1e-9)
        XCTAssertEqual(QualityStatistics.decibels(mse: 0, peak: 255), 100)
        XCTAssertNil(QualityStatistics().psnr, "no frame, no figure")
    }

    func testMergingPoolsIsPoolingEveryFrame() {
        var a = QualityStatistics()
        var b = QualityStatistics()
        var all = QualityStatistics()
        for (index, mse) in [3.0, 7.5, 1.25, 9.0, 4.0].enumerated() {
            let ssim = 0.9 + Double(index) / 100
            if index < 2 { a.add(mse: mse, ssim: ssim, peak: 255) } else { b.add(mse: mse, ssim: ssim, peak: 255) }
            all.add(mse: mse, ssim: ssim, peak: 255)
        }
        a.merge(b)
        XCTAssertEqual(a.frames, all.frames)
        XCTAssertEqual(try XCTUnwrap(a.psnr), try XCTUnwrap(all.psnr), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(a.ssim), try XCTUnwrap(all.ssim), accuracy: 1e-12)
        XCTAssertEqual(a.minPSNR, all.minPSNR)
        XCTAssertEqual(a.minSSIM, all.minSSIM)
    }

    func testPicturesGoToTheSegmentOfTheirTimeWhicheverComesFirst() throws {
        var measurement = RenditionMeasurement()
        // 25 fps, segments of 2 s: 50 pictures each; the first segment is heard of after 60 pictures,
        // the second before its last pictures are measured, the third never (they join the last).
        for frame in 0..<60 { measurement.add(time: Double(frame) / 25, mse: 4, ssim: 0.98, peak: 255) }
        measurement.addSegment(number: 1, start: 0, duration: 2, bytes: 250_000)
        measurement.addSegment(number: 2, start: 2, duration: 2, bytes: 500_000)
        for frame in 60..<110 {
            measurement.add(time: Double(frame) / 25, mse: frame < 100 ? 16 : 64, ssim: 0.9, peak: 255)
        }
        let segments = measurement.segments
        XCTAssertEqual(segments.map(\.frames), [50, 60], "10 pictures after the last segment join it")
        XCTAssertEqual(segments.map(\.number), [1, 2])
        XCTAssertEqual(segments[0].psnr, RenditionMeasurement.round(10 * log10(255.0 * 255 / 4), 3))
        let second: Double = (10 * 4 + 40 * 16 + 10 * 64) / 60
        XCTAssertEqual(segments[1].psnr, RenditionMeasurement.round(10 * log10(255.0 * 255 / second), 3))
        XCTAssertEqual(segments.map(\.bitrate), [1_000_000, 2_000_000])
        XCTAssertEqual(measurement.bitrate, 1_500_000)
        let rendition = try XCTUnwrap(measurement.rendition(id: "v360p", width: 640, height: 360))
        XCTAssertEqual(rendition.frames, 110)
        XCTAssertEqual(rendition.psnr.min, RenditionMeasurement.round(10 * log10(255.0 * 255 / 64), 3))
        XCTAssertEqual(rendition.ssim.min, 0.9)
    }

    func testTheReportIsSnakeCaseJSONThatReadsBack() throws {
        var measurement = RenditionMeasurement()
        measurement.add(time: 0, mse: 2, ssim: 0.99, peak: 255)
        measurement.addSegment(number: 1, start: 0, duration: 1, bytes: 1000)
        var report = QualityReport(
            source: "talk.mp4", measured: QualityReport.measuredWhilePackaging,
            renditions: [
                try XCTUnwrap(
                    measurement.rendition(
                        id: "v360p", width: 640, height: 360, frameRate: 30, bandwidth: 9000, averageBandwidth: 8000))
            ])
        report.hull = [RateQualityPoint(width: 640, height: 360, bitrate: 8000, psnr: 45)]
        let data = try report.jsonData()
        let text = String(decoding: data, as: UTF8.self)
        for key in ["\"average_bandwidth\"", "\"psnr_min\"", "\"ssim_min\"", "\"frame_rate\"", "\"vmaf\"", "\"hull\""] {
            XCTAssertTrue(text.contains(key), "\(key) in \(text)")
        }
        XCTAssertFalse(text.contains("\"trials\""), "per-title fields stay out until used")
        XCTAssertEqual(try QualityReport(json: data), report)
    }

    /// The report is part of the package: a signed source URL's signature must not be in it.
    func testReportLeavesOutASignedURLsQueryAndCredentials() {
        let report = QualityReport(
            source: "https://user:pass@bucket.example/media/talk.mp4?X-Amz-Signature=abc123&token=t#x",
            measured: QualityReport.measuredWhilePackaging, renditions: [])
        XCTAssertEqual(report.source, "https://bucket.example/media/talk.mp4")
        XCTAssertEqual(
            QualityReport(source: "/data/a?b.mp4", measured: "", renditions: []).source, "/data/a?b.mp4")
    }
}
