import Foundation
import XCTest

@testable import ReelCore

/// The per-title choice on synthetic trial points: no FFmpeg. Each candidate's curve is
/// `quality = a + b·log2(bitrate / 1 Mbit/s)` as seen at the top size, `a` falling with the
/// size's share of the top's detail and with the content's difficulty.
final class PerTitleChooserTests: XCTestCase {
    private static let sizes: [(name: String, width: Int, height: Int)] = [
        ("1080p", 1920, 1080), ("720p", 1280, 720), ("480p", 854, 480), ("360p", 640, 360),
    ]

    private func settings(
        target: Double = 42, floor: Double? = 40, maxRungs: Int = 4, minStep: Double = 1.5
    ) -> PerTitleSettings {
        PerTitleSettings(
            target: target, floor: floor, minBitrate: 300_000, maxBitrate: 6_000_000, maxRungs: maxRungs,
            minStep: minStep)
    }

    /// Trials at four CRF points per size. `offset` is the 1080p curve's quality at 1 Mbit/s;
    /// smaller sizes start higher at low rates and saturate sooner (their ceiling is lower).
    private func trials(offset: Double, rateScale: Double = 1) -> [TrialPoint] {
        var points: [TrialPoint] = []
        for (index, size) in Self.sizes.enumerated() {
            let ceiling = 60 - 6 * Double(index)
            for (step, crf) in [20.0, 26, 32, 38].enumerated() {
                // Each CRF step halves the rate; smaller sizes spend less at the same CRF.
                let rate = rateScale * 8_000_000 / pow(2, Double(step)) / pow(2.2, Double(index))
                let log = log2(rate / 1_000_000)
                let display = min(ceiling, offset + 2.2 * Double(index) + 3 * log)
                points.append(
                    TrialPoint(
                        candidate: size.name, width: size.width, height: size.height, crf: crf, bitrate: Int(rate),
                        psnr: display + Double(index), ssim: nil, displayPSNR: display, displaySSIM: nil))
            }
        }
        return points
    }

    private func choose(_ trials: [TrialPoint], _ settings: PerTitleSettings) -> PerTitleChoice {
        PerTitleChooser.choose(trials: trials, candidates: Self.sizes.map(\.name), settings: settings)
    }

    func testEasyContentGetsFewerCheaperRungsThanHardContent() throws {
        let easy = choose(trials(offset: 44, rateScale: 0.25), settings())
        let hard = choose(trials(offset: 30, rateScale: 4), settings())
        XCTAssertLessThanOrEqual(easy.rungs.count, hard.rungs.count)
        let easyBits = easy.rungs.map(\.bitrate).reduce(0, +)
        let hardBits = hard.rungs.map(\.bitrate).reduce(0, +)
        XCTAssertLessThan(Double(easyBits), 0.3 * Double(hardBits))
        let easyTop = try XCTUnwrap(easy.rungs.first)
        XCTAssertEqual(easyTop.candidate, "1080p", "the top rung keeps the largest size")
        XCTAssertEqual(easyTop.displayPSNR, 42, accuracy: 0.01, "the lowest rate reaching the target")
        XCTAssertLessThan(easyTop.bitrate, 6_000_000)
        XCTAssertTrue(easyTop.reason.contains("reaching the target"), easyTop.reason)
    }

    /// A hard source whose quality barely changes with bitrate: min_step alone would keep only the
    /// top and the bottom rung, 20× apart; gaps wider than max_ratio get rungs while max_rungs allows.
    func testWideBitrateGapsGetRungsInBetween() throws {
        var flat: [TrialPoint] = []
        for (index, size) in Self.sizes.enumerated() {
            for (step, crf) in [20.0, 26, 32, 38].enumerated() {
                let rate = 16_000_000 / pow(2, Double(step)) / pow(2.2, Double(index))
                let display = 28 - 1.5 * Double(index) + 0.6 * log2(rate / 1_000_000)
                flat.append(
                    TrialPoint(
                        candidate: size.name, width: size.width, height: size.height, crf: crf, bitrate: Int(rate),
                        psnr: display, ssim: nil, displayPSNR: display, displaySSIM: nil))
            }
        }
        var narrow = settings()
        narrow.maxRatio = 100
        XCTAssertEqual(choose(flat, narrow).rungs.count, 2, "min_step alone keeps the top and the bottom")
        let choice = choose(flat, settings())
        XCTAssertEqual(choice.rungs.count, 4)
        XCTAssertEqual(choice.rungs.first?.bitrate, 6_000_000)
        XCTAssertEqual(choice.rungs.last?.bitrate, 300_000)
        for (upper, lower) in zip(choice.rungs, choice.rungs.dropFirst()) {
            XCTAssertGreaterThan(upper.bitrate, lower.bitrate)
            XCTAssertGreaterThanOrEqual(upper.width * upper.height, lower.width * lower.height)
            XCTAssertLessThanOrEqual(Double(upper.bitrate) / Double(lower.bitrate), 20.0 / 2.5)
        }
        XCTAssertTrue(choice.rungs.dropFirst().contains { $0.reason.contains("fills the gap") })
        var two = settings(maxRungs: 2)
        two.maxRatio = 2.5
        XCTAssertEqual(choose(flat, two).rungs.count, 2, "max_rungs still bounds the ladder")
    }

    func testHardContentKeepsTheTopAtMaxBitrateAndTheLargestSize() throws {
        let hard = choose(trials(offset: 30, rateScale: 4), settings())
        let top = try XCTUnwrap(hard.rungs.first)
        XCTAssertEqual(top.bitrate, 6_000_000)
        XCTAssertEqual(top.candidate, "1080p")
        XCTAssertLessThan(top.displayPSNR, 42)
        XCTAssertTrue(top.reason.contains("not reached within max_bitrate"), top.reason)
        XCTAssertEqual(top.crf, 20, "the lowest CRF tried: a capped-CRF encode fills max_bitrate")
        XCTAssertEqual(hard.rungs.count, 4, "spaced down to min_bitrate, max_rungs of them")
        XCTAssertEqual(try XCTUnwrap(hard.rungs.last).bitrate, 300_000, "the lowest rung at min_bitrate")
    }

    func testRungsDescendInRateAndSizeAndKeepMinStepApart() {
        for offset in stride(from: 28.0, through: 46, by: 3) {
            let choice = choose(trials(offset: offset), settings())
            for (upper, lower) in zip(choice.rungs, choice.rungs.dropFirst()) {
                XCTAssertGreaterThan(upper.bitrate, lower.bitrate, "offset \(offset)")
                XCTAssertGreaterThanOrEqual(upper.width, lower.width, "offset \(offset)")
                // A rung that fills a bitrate gap (max_ratio) may add less than min_step.
                if !lower.reason.contains("fills the gap") && !upper.reason.contains("fills the gap") {
                    XCTAssertGreaterThanOrEqual(
                        upper.displayPSNR - lower.displayPSNR, 1.5 - 0.02, "offset \(offset)")
                }
            }
            XCTAssertLessThanOrEqual(choice.rungs.count, 4)
            XCTAssertTrue(choice.rungs.allSatisfy { (300_000...6_000_000).contains($0.bitrate) })
        }
    }

    func testALargerMinStepDropsRungs() {
        let fine = choose(trials(offset: 30, rateScale: 4), settings(maxRungs: 8, minStep: 1.5))
        var coarseSettings = settings(maxRungs: 8, minStep: 4)
        coarseSettings.maxRatio = 100  // min_step alone
        let coarse = choose(trials(offset: 30, rateScale: 4), coarseSettings)
        XCTAssertGreaterThan(fine.rungs.count, coarse.rungs.count)
        for (upper, lower) in zip(coarse.rungs, coarse.rungs.dropFirst()) {
            XCTAssertGreaterThanOrEqual(upper.displayPSNR - lower.displayPSNR, 4 - 0.02)
        }
    }

    func testATopRungBarelyAboveTheFloorStandsAlone() throws {
        // Target 42 reached, floor 41.5: less than min_step between them, so one rung.
        let choice = choose(trials(offset: 40), settings(floor: 41.5))
        XCTAssertEqual(choice.rungs.count, 1)
        XCTAssertTrue(choice.dropped.contains { $0.name == "720p" })
    }

    func testMaxRungsCapsTheLadder() {
        let choice = choose(trials(offset: 30, rateScale: 4), settings(maxRungs: 2))
        XCTAssertEqual(choice.rungs.count, 2)
        XCTAssertTrue(choice.dropped.contains { $0.reason.contains("max_rungs (2)") }, "\(choice.dropped)")
    }

    func testLowerRungsTakeTheSizeBestAtTheirRate() throws {
        let choice = choose(trials(offset: 30, rateScale: 4), settings())
        let low = try XCTUnwrap(choice.rungs.last)
        let curves = Self.sizes.compactMap { size in
            RateQualityCurve(
                points: trials(offset: 30, rateScale: 4).filter { $0.candidate == size.name }, metric: .psnr)
        }
        let best = PerTitleChooser.best(curves, at: Double(low.bitrate))
        XCTAssertEqual(low.candidate, best.candidate)
        XCTAssertNotEqual(low.candidate, "1080p", "at 300k a smaller size beats 1080p on these curves")
    }

    func testTheHullIsUpperAndConvex() {
        let hull = PerTitleChooser.upperHull(trials(offset: 36), metric: .psnr)
        XCTAssertGreaterThan(hull.count, 2)
        let xs = hull.map { log2(Double($0.bitrate)) }
        let ys = hull.map(\.displayPSNR)
        for index in 1..<(hull.count - 1) {
            let left = (ys[index] - ys[index - 1]) / (xs[index] - xs[index - 1])
            let right = (ys[index + 1] - ys[index]) / (xs[index + 1] - xs[index])
            XCTAssertGreaterThanOrEqual(left, right - 1e-9, "slopes fall along an upper hull")
        }
        for point in trials(offset: 36) {
            // No trial lies above the hull.
            guard let after = hull.firstIndex(where: { $0.bitrate >= point.bitrate }), after > 0 else { continue }
            let (a, b) = (hull[after - 1], hull[after])
            let t =
                (log2(Double(point.bitrate)) - log2(Double(a.bitrate)))
                / (log2(Double(b.bitrate)) - log2(Double(a.bitrate)))
            XCTAssertLessThanOrEqual(point.displayPSNR, a.displayPSNR + t * (b.displayPSNR - a.displayPSNR) + 1e-9)
        }
    }

    func testCurveInterpolatesInLogRateAndIsFlatAboveItsTrials() throws {
        let points = [(1_000_000, 36.0, 30.0), (4_000_000, 42.0, 20.0)].map { rate, psnr, crf in
            TrialPoint(
                candidate: "1080p", width: 1920, height: 1080, crf: crf, bitrate: rate, psnr: psnr, ssim: nil,
                displayPSNR: psnr, displaySSIM: nil)
        }
        let curve = try XCTUnwrap(RateQualityCurve(points: points, metric: .psnr))
        XCTAssertEqual(curve.quality(atRate: 2_000_000), 39, accuracy: 1e-9)
        XCTAssertEqual(curve.crf(atRate: 2_000_000), 25, accuracy: 1e-9)
        XCTAssertEqual(curve.quality(atRate: 16_000_000), 42, "no credit above the dearest trial")
        XCTAssertEqual(try XCTUnwrap(curve.rate(reaching: 39)), 2_000_000, accuracy: 1)
        XCTAssertNil(curve.rate(reaching: 43))
        XCTAssertEqual(try XCTUnwrap(curve.rate(reaching: 33)), 500_000, accuracy: 1, "down the first segment")
    }

    func testTheRungsBecomeOrdinaryRungs() {
        let chosen = PerTitleChoice.Rung(
            predicted: TrialPoint(
                candidate: "720p", width: 1280, height: 720, crf: 24.5, bitrate: 2_000_000, psnr: 43, ssim: nil,
                displayPSNR: 41, displaySSIM: nil),
            reason: "")
        let candidate = VideoRung(name: "720p", width: 1280, height: 720, bitrate: 6_000_000)
        var settings = settings()
        let capped = Packager.videoRung(chosen, candidate: candidate, settings: settings, taken: [])
        XCTAssertEqual(capped.crf, 24.5)
        XCTAssertEqual(capped.bitrate, 2_000_000)
        XCTAssertEqual(capped.maxrate, 3_000_000)
        XCTAssertEqual(capped.bufsize, 4_500_000)
        settings.rateControl = .bitrate
        let target = Packager.videoRung(chosen, candidate: candidate, settings: settings, taken: ["720p"])
        XCTAssertNil(target.crf)
        XCTAssertEqual(target.maxrate, 2_140_000)
        XCTAssertEqual(target.bufsize, 3_000_000)
        XCTAssertEqual(target.name, "720p-2000k", "a second rung of one size gets its bitrate in its name")
        // Capped CRF never lets the top rung's cap pass max_bitrate.
        var top = chosen
        top.bitrate = 6_000_000
        XCTAssertEqual(
            Packager.videoRung(top, candidate: candidate, settings: self.settings(), taken: []).maxrate, 6_000_000)
    }
}
