import ReelMedia

extension Packager {
    /// Measures the source audio streams whose renditions have a loudness target (one audio-only
    /// pass, `LoudnessAnalysis`) and plans each such rendition's gain.
    /// - Returns: The corrections by rendition id, and each measured stream's loudness by index
    ///   (nil for one below the gate, which is left as it is with a warning).
    func planLoudness(
        _ plan: RenditionPlan, options: MediaSourceOptions, reporter: ProgressReporter
    ) throws -> (corrections: [String: LoudnessCorrection], inputs: [Int: LoudnessMeasurement?]) {
        let targeted = plan.audio.filter { $0.rendition.loudness != nil }
        guard !targeted.isEmpty else { return ([:], [:]) }
        let open = { [request, control] in
            try MediaSource(uri: request.source).openDemuxer(options: options) { control.isStopped }.0
        }
        let streams = Dictionary(targeted.map { ($0.stream.index, "") }, uniquingKeysWith: { first, _ in first })
        let inputs = try LoudnessAnalysis.measure(streams: streams, control: control, open: open)
        var corrections: [String: LoudnessCorrection] = [:]
        for stream in Set(targeted.map(\.stream.index)).sorted() where inputs[stream] == .some(nil) {
            reporter.warn(
                "\(request.source) #\(stream): the audio's loudness cannot be measured (silent, below the "
                    + "-70 LUFS gate); its level is left as it is")
        }
        for rendition in targeted {
            guard let target = rendition.rendition.loudness, let input = inputs[rendition.stream.index] ?? nil else {
                continue
            }
            var correction = LoudnessCorrection(target: target, input: input)
            if correction.limits {
                // One more pass over the limited audio, for the loudness the limiter took away.
                let rate = rendition.rendition.sampleRate
                let chain = "aresample=\(rate)," + correction.filters(sampleRate: rate)
                let limited = try LoudnessAnalysis.measure(
                    streams: [rendition.stream.index: chain], control: control, open: open)
                if let measured = limited[rendition.stream.index] ?? nil {
                    correction.makeup = min(max(target.integrated - measured.integrated, 0), 12)
                }
            }
            corrections[rendition.id] = correction
        }
        return (corrections, inputs)
    }

    /// The loudness lines of the summary: target, gain, input and output of every rendition with
    /// a target; warns when an output misses its target by more than 1 LU (the limiter held
    /// loud peaks down) or passes its ceiling.
    static func loudnessSummary(
        _ stages: [AudioEncoderStage], corrections: [String: LoudnessCorrection],
        inputs: [Int: LoudnessMeasurement?], reporter: ProgressReporter
    ) -> [LoudnessSummary]? {
        func figures(_ value: LoudnessMeasurement?) -> LoudnessSummary.Figures? {
            value.map { .init(integrated: $0.integrated, truePeak: $0.truePeak, range: $0.range) }
        }
        var lines: [LoudnessSummary] = []
        for stage in stages {
            guard let target = stage.plan.rendition.loudness else { continue }
            let correction = corrections[stage.id]
            let output = stage.outputLoudness
            if correction != nil, let output, abs(output.integrated - target.integrated) > 1 {
                reporter.warn(
                    "\(stage.id): loudness \(format(output.integrated)) LUFS misses the target "
                        + "\(format(target.integrated)) LUFS by more than 1 LU (the true-peak limiter held its "
                        + "peaks under \(format(target.truePeak)) dBTP)")
            }
            lines.append(
                LoudnessSummary(
                    rendition: stage.id, standard: target.standard, targetIntegrated: target.integrated,
                    targetTruePeak: target.truePeak, gain: correction.map { ($0.gain * 100).rounded() / 100 },
                    limited: correction?.limits ?? false, input: figures(inputs[stage.plan.stream.index] ?? nil),
                    output: figures(output)))
        }
        return lines.isEmpty ? nil : lines
    }

    private static func format(_ value: Double) -> String {
        String((value * 10).rounded() / 10)
    }
}
