import ReelQuality

/// What per-title analysis adds to a run's quality report: the trial points, their hull, the
/// chosen rungs (`quality.svg` draws all three) and the decision with its reasons.
struct PerTitleOutcome: Sendable {
    var trials: [RateQualityPoint]
    var hull: [RateQualityPoint]
    var chosen: [RateQualityPoint]
    var decision: PerTitleDecision

    /// - Parameters:
    ///   - choice: The chooser's result.
    ///   - rungs: The ladder's rungs made from it (names as the package has them).
    ///   - trials: Every trial point.
    ///   - analysis: What the analysis did and cost.
    ///   - settings: The preset's `per_title`.
    init(
        choice: PerTitleChoice, rungs: [VideoRung], trials: [TrialPoint], analysis: PerTitleDecision.Analysis,
        settings: PerTitleSettings
    ) {
        // The chart shows the trials and the hull as the choice saw them: at the top size.
        func point(_ trial: TrialPoint, label: String) -> RateQualityPoint {
            RateQualityPoint(
                width: trial.width, height: trial.height, bitrate: trial.bitrate, psnr: trial.displayPSNR,
                ssim: trial.displaySSIM, label: label)
        }
        self.trials = trials.map { point($0, label: "\($0.candidate) crf \(LadderNode.format($0.crf))") }
        hull = choice.hull.map { point($0, label: "\($0.candidate) crf \(LadderNode.format($0.crf))") }
        chosen = zip(choice.rungs, rungs).map { chosen, rung in
            RateQualityPoint(
                width: chosen.width, height: chosen.height, bitrate: chosen.bitrate, psnr: chosen.displayPSNR,
                ssim: chosen.displaySSIM, label: rung.name)
        }
        decision = PerTitleDecision(
            metric: settings.metric.rawValue, target: settings.target, floor: settings.floor,
            rateControl: settings.rateControl.rawValue, analysis: analysis,
            rungs: zip(choice.rungs, rungs).map { chosen, rung in
                PerTitleDecision.Rung(
                    name: rung.name, width: chosen.width, height: chosen.height, bitrate: chosen.bitrate,
                    crf: rung.crf, predictedPSNR: (chosen.psnr * 100).rounded() / 100,
                    predictedSSIM: chosen.ssim.map { ($0 * 10000).rounded() / 10000 }, reason: chosen.reason)
            },
            dropped: choice.dropped.map { PerTitleDecision.Dropped(name: $0.name, reason: $0.reason) })
    }
}
