import Foundation
import Logging
import ReelMedia
import ReelQuality

extension Packager {
    /// For a per-title ladder: runs the trial encodes (`analysis` events), chooses the rungs
    /// (`PerTitleChooser`) and puts them in the plan in place of the candidates, so the final
    /// encode is the ordinary pipeline.
    /// - Parameters:
    ///   - plan: The run's plan; its rungs are the candidate sizes fitted to the source.
    ///   - timing: The run's segment and keyframe timing.
    ///   - options: How the source is read.
    /// - Returns: What was chosen and why, for the quality report; nil for a fixed ladder or a
    ///   source without video.
    func choosePerTitleLadder(
        _ plan: inout RenditionPlan, timing: SegmentTiming, options: MediaSourceOptions
    ) throws -> PerTitleOutcome? {
        guard let settings = request.ladder.perTitle, plan.videoDecoder != nil, !plan.rungs.isEmpty else {
            return nil
        }
        let analyzer = PerTitleAnalyzer(
            source: request.source, options: options, plan: plan, settings: settings, timing: timing,
            control: control
        ) { [continuation] in continuation.yield(.analysis($0)) }
        let measured = try analyzer.run()
        // The trial encoders are gone; their pictures need not stay resident through the final encode.
        FreedMemory.returnToSystem()
        let candidates = plan.rungs
        let choice = PerTitleChooser.choose(
            trials: measured.trials, candidates: candidates.map(\.rung.name), settings: settings)
        guard !choice.rungs.isEmpty else {
            throw ReelError.invalidInput(
                source: request.source, stream: plan.videoDecoder?.stream.index,
                reason: "per-title analysis measured no trial encode (is the video empty?)")
        }
        var names: Set<String> = []
        var chosen: [PlannedRung] = []
        for rung in choice.rungs {
            guard let candidate = candidates.first(where: { $0.rung.name == rung.candidate }) else { continue }
            var planned = candidate
            planned.rung = Self.videoRung(rung, candidate: candidate.rung, settings: settings, taken: names)
            names.insert(planned.rung.name)
            chosen.append(planned)
        }
        plan.rungs = chosen
        for rung in choice.rungs {
            logger.info(
                "per-title: \(rung.candidate) \(rung.bitrate / 1000)k crf \(rung.crf), predicted \(String(format: "%.2f", rung.psnr)) dB: \(rung.reason)"
            )
        }
        let analysis = PerTitleDecision.Analysis(
            stretches: measured.stretches,
            seconds: (measured.seconds * 100).rounded() / 100, trials: measured.trials.count,
            cpuSeconds: (measured.cpuSeconds * 10).rounded() / 10)
        return PerTitleOutcome(
            choice: choice, rungs: chosen.map(\.rung), trials: measured.trials, analysis: analysis, settings: settings)
    }

    /// A chosen rung as an ordinary one: capped CRF (the trials' CRF, maxrate 1.5× the bitrate
    /// but not above max_bitrate, bufsize 1.5× maxrate) or a target bitrate with `web`'s VBV cap
    /// (maxrate 107 %, bufsize 150 %).
    static func videoRung(
        _ chosen: PerTitleChoice.Rung, candidate: VideoRung, settings: PerTitleSettings, taken: Set<String>
    ) -> VideoRung {
        var rung = candidate
        var name = candidate.name
        if taken.contains(name) { name += "-\(chosen.bitrate / 1000)k" }
        rung.name = name
        rung.bitrate = chosen.bitrate
        switch settings.rateControl {
        case .cappedCRF:
            let maxrate = max(chosen.bitrate, min(chosen.bitrate * 3 / 2, settings.maxBitrate))
            rung.crf = chosen.crf
            rung.maxrate = maxrate
            rung.bufsize = maxrate * 3 / 2
        case .bitrate:
            rung.crf = nil
            rung.maxrate = chosen.bitrate * 107 / 100
            rung.bufsize = chosen.bitrate * 3 / 2
        }
        return rung
    }
}
