import Foundation
import ReelManifest
import ReelMedia
import ReelQuality

/// The trial encodes of per-title analysis: a few short stretches spread over the source, each
/// scaled to every candidate size and encoded by the trial preset at every CRF point of
/// `PerTitleSettings.Trials`, each trial's pictures decoded again and measured against the
/// scaled source (`QualityMeter`: PSNR and SSIM as the `psnr` and `ssim` filters compute them).
///
/// One thread reads and decodes the source; one thread per candidate size scales and runs that
/// size's trial encoder, fed through a bounded queue, so memory holds a few pictures per size
/// and never the source. A stretch starts at a fresh encoder, as a segment does. Each stretch is
/// read once per CRF point (a pass), so only one encoder per size is alive at a time: an x264
/// encoder holds its look-ahead's pictures (some 180 MB at 1080p), and one per CRF point at every
/// size took the analysis of a 1080p source to 1.35 GiB. The passes decode, convert and scale the
/// short stretches again (a remote source is read again too); the trial encodes cost far more.
final class PerTitleAnalyzer: @unchecked Sendable {
    /// What the analysis measured and what it cost.
    struct Outcome: Sendable {
        var trials: [TrialPoint]
        /// Stretches sampled.
        var stretches: Int
        /// Seconds of source encoded per trial.
        var seconds: Double
        /// Processor seconds the analysis used (every thread of the process, while it ran).
        var cpuSeconds: Double
    }

    fileprivate enum Item {
        case picture(Frame)
        /// The stretch's pictures for one CRF point are all sent.
        case endOfPass
    }

    private let source: String
    private let options: MediaSourceOptions
    private let plan: RenditionPlan
    private let settings: PerTitleSettings
    private let timing: SegmentTiming
    private let control: PipelineControl
    private let progress: @Sendable (AnalysisProgress) -> Void

    /// - Parameters:
    ///   - source: The source's URI, opened again for the analysis.
    ///   - options: How the source is read.
    ///   - plan: The run's plan; its rungs are the candidate sizes.
    ///   - settings: The preset's `per_title`.
    ///   - timing: The run's keyframe interval (the trials use the final GOP).
    ///   - control: Stops the analysis with the run.
    ///   - progress: Hears of each stretch read.
    init(
        source: String, options: MediaSourceOptions, plan: RenditionPlan, settings: PerTitleSettings,
        timing: SegmentTiming, control: PipelineControl, progress: @escaping @Sendable (AnalysisProgress) -> Void
    ) {
        self.source = source
        self.options = options
        self.plan = plan
        self.settings = settings
        self.timing = timing
        self.control = control
        self.progress = progress
    }

    /// The stretches to sample, as (start, length) in seconds from the source's start: evenly
    /// spread, each centred in its share of the source; the whole source when it is shorter than
    /// the stretches together.
    static func stretches(duration: Double, samples: Int, length: Double) -> [(start: Double, length: Double)] {
        guard duration > Double(samples) * length, samples > 0 else { return [(0, max(duration, length))] }
        let share = duration / Double(samples)
        return (0..<samples).map { index in (Double(index) * share + (share - length) / 2, length) }
    }

    /// Runs the trials on threads of their own; returns when every trial is measured.
    func run() throws -> Outcome {
        let started = Self.processorSeconds()
        guard let video = plan.videoDecoder?.stream, let conversion = plan.conversion else {
            return Outcome(trials: [], stretches: 0, seconds: 0, cpuSeconds: 0)
        }
        let stretches = Self.stretches(
            duration: plan.duration, samples: settings.trials.samples, length: settings.trials.duration)
        let (demuxer, _) = try MediaSource(uri: source).openDemuxer(options: options) { [control] in
            control.isStopped
        }
        let decoder = try Decoder(demuxer: demuxer, streamIndex: video.index)
        demuxer.discardAll(except: [video.index])

        guard let top = plan.rungs.max(by: { $0.width * $0.height < $1.width * $1.height }) else {
            return Outcome(trials: [], stretches: 0, seconds: 0, cpuSeconds: 0)
        }
        let workers = plan.rungs.map { rung in
            CandidateTrials(
                rung: rung, top: top, settings: plan.videoSettings, conversion: conversion, timing: timing,
                crf: settings.trials.crf, preset: settings.trials.preset, metric: settings.metric,
                inputTimeBase: decoder.timeBase,
                sourceFrameRate: plan.sourceFrameRate)
        }
        let queues = workers.map { _ in BoundedQueue<Item>(capacity: 4) }
        for queue in queues { control.onStop { queue.cancel() } }
        let done = DispatchGroup()
        for (worker, queue) in zip(workers, queues) {
            done.enter()
            startThread("reel.pt.\(worker.name)") { [control, source] in
                defer { done.leave() }
                do {
                    while let item = queue.pop() {
                        switch item {
                        case .picture(let frame): try worker.process(frame)
                        case .endOfPass: try worker.endPass()
                        }
                    }
                } catch {
                    control.fail(ReelError.classify(error, source: source))
                }
            }
        }

        var seconds = 0.0
        let passes = settings.trials.crf.count
        do {
            for (index, stretch) in stretches.enumerated() {
                // Every pass starts where the first did: a source without an index (MPEG-TS,
                // Matroska without cues) may seek elsewhere once it has read more of itself.
                var anchor: Int64?
                for pass in 0..<passes {
                    let span = try read(
                        stretch, from: anchor, demuxer: demuxer, decoder: decoder, stream: video, queues: queues)
                    if pass == 0 {
                        seconds += span.seconds
                        anchor = span.first
                    }
                    for queue in queues { queue.push(.endOfPass) }
                }
                progress(
                    AnalysisProgress(
                        fraction: Double(index + 1) / Double(stretches.count), stretches: stretches.count,
                        candidates: workers.map(\.name), ratePoints: passes))
            }
        } catch {
            control.fail(ReelError.classify(error, source: source))
        }
        for queue in queues { queue.finish() }
        done.wait()
        if let failure = control.failure { throw failure }
        let trials = workers.flatMap { $0.points(seconds: seconds) }
        return Outcome(
            trials: trials, stretches: stretches.count, seconds: seconds, cpuSeconds: Self.processorSeconds() - started)
    }

    /// Decodes one stretch, applies the shared conversion (deinterlacing, rotation, tone mapping)
    /// once, and hands the pictures to every candidate. The stretch starts at the keyframe at or
    /// before its nominal start, so no picture is decoded only to be skipped; or, for a later
    /// pass, at the first pass's first picture, so every pass has the same pictures.
    /// - Returns: The first picture's timestamp (the stream's time base) and the stretch's length
    ///   in seconds; nil and 0 when it has no picture.
    private func read(
        _ stretch: (start: Double, length: Double), from anchor: Int64?, demuxer: Demuxer, decoder: Decoder,
        stream: StreamInfo, queues: [BoundedQueue<Item>]
    ) throws -> (first: Int64?, seconds: Double) {
        let timeBase = stream.timeBase
        let zero = stream.startTime ?? 0
        let start = Int64(((zero + stretch.start) / timeBase.value).rounded())
        let length = Int64((stretch.length / timeBase.value).rounded())
        if stretch.start > 0 {
            try demuxer.seek(toKeyframeBefore: anchor ?? start, stream: stream.index)
        } else {
            try demuxer.rewind(toStart: start, stream: stream.index)
        }
        decoder.flush()
        let feed = CandidateFeed(queues: queues)
        let head: any MediaHandler<Frame> =
            plan.conversion?.sharedFilter.map {
                FilterStage(
                    graph: FilterGraph(
                        description: $0, kind: .video, timeBase: decoder.timeBase, frameRate: plan.sourceFrameRate),
                    outputTimeBase: decoder.timeBase, next: feed)
            } ?? feed
        var first: Int64?
        var last: Int64?
        var finished = false
        func hand(_ frames: [Frame]) throws {
            for frame in frames {
                guard let pts = frame.pts ?? frame.bestEffortTimestamp, pts >= (first ?? anchor ?? .min) else {
                    continue
                }
                guard pts < (first ?? pts) + length else {
                    finished = true
                    continue
                }
                // Each stretch starts at zero, as a fresh encode does.
                first = first ?? pts
                last = pts
                frame.pts = pts - (first ?? pts)
                try head.process(frame)
            }
        }
        while !finished, !control.isStopped, let packet = try demuxer.read() {
            guard packet.streamIndex == stream.index else { continue }
            try hand(try decoder.decode(packet))
        }
        if !finished { try hand(try decoder.decode(nil)) }
        if control.isStopped { throw control.failure ?? .cancelled }
        try head.flush()
        guard let first, let last else { return (nil, 0) }
        let frameDuration = plan.sourceFrameRate.isValid ? plan.sourceFrameRate.inverted.value : 0
        return (first, Double(last - first) * timeBase.value + frameDuration)
    }

    /// User and system processor seconds of the whole process so far.
    static func processorSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }
}

/// The end of the analysis reader's chain: every picture goes to every candidate's queue (the
/// candidates flush at `endOfPass`, which the reader sends).
private final class CandidateFeed: MediaHandler {
    private let queues: [BoundedQueue<PerTitleAnalyzer.Item>]

    init(queues: [BoundedQueue<PerTitleAnalyzer.Item>]) {
        self.queues = queues
    }

    func process(_ frame: Frame) throws {
        for queue in queues { queue.push(.picture(frame)) }
    }

    func flush() throws {}
}

/// One candidate size's trials: the scaler and, per CRF point, an encoder, a decoder of its
/// packets and two quality meters: one against the source at this size, one (for sizes below
/// the top) with the decoded pictures scaled up to the top candidate's size against the source
/// at that size. The stretch comes once per CRF point; the pass's trial (`active`) encodes it,
/// and moves on to the next at `endPass`. Runs on the candidate's thread.
/// Used by one thread at a time: made on the reader's, then only on its own.
private final class CandidateTrials: @unchecked Sendable {
    private struct Trial {
        let crf: Double
        var encoder: Encoder?
        var decoder: Decoder?
        /// Scales decoded pictures up to the top size; nil for the top candidate.
        var upscaler: FilterGraph?
        let meter: QualityMeter
        let displayMeter: QualityMeter
        var bytes = 0
        var pooled = QualityStatistics()
        var displayPooled = QualityStatistics()
    }

    let name: String
    private let rung: PlannedRung
    private let top: PlannedRung
    private let settings: VideoEncoderSettings
    private let conversion: VideoConversion
    private let timing: SegmentTiming
    private let inputTimeBase: Rational
    private let sourceFrameRate: Rational
    private var trials: [Trial]
    /// The trial the current pass feeds.
    private var active = 0
    private var scaler: FilterGraph?
    private var displayScaler: FilterGraph?
    /// The scaled pictures given to the encoder, by timestamp, until its decoded picture is measured.
    private var references: [Int64: Frame] = [:]
    /// The source at the top size, likewise (sizes below the top only).
    private var displayReferences: [Int64: Frame] = [:]

    private var isTop: Bool { rung.width == top.width && rung.height == top.height }
    /// Every trial encodes every picture, but every `measuredStride`-th is measured: the pooled
    /// PSNR of half the pictures is the curve's within a few hundredths of a dB, for half the cost.
    private static let measuredStride: Int64 = 2

    init(
        rung: PlannedRung, top: PlannedRung, settings: VideoEncoderSettings, conversion: VideoConversion,
        timing: SegmentTiming, crf: [Double], preset: String, metric: PerTitleSettings.Metric,
        inputTimeBase: Rational, sourceFrameRate: Rational
    ) {
        name = rung.rung.name
        self.rung = rung
        self.top = top
        var trialSettings = settings
        trialSettings.preset = preset
        trialSettings.threads = 1
        // The final preset's rate control look-ahead (macroblock tree): without it a CRF spends
        // far more bits on still pictures than the final encode will.
        if settings.codec == .h264, let lookahead = Self.lookahead[settings.preset], Self.lookahead[preset] == nil {
            trialSettings.parameters["mbtree"] = trialSettings.parameters["mbtree"] ?? "1"
            trialSettings.parameters["rc-lookahead"] = trialSettings.parameters["rc-lookahead"] ?? "\(lookahead)"
        }
        self.settings = trialSettings
        self.conversion = conversion
        self.timing = timing
        self.inputTimeBase = inputTimeBase
        self.sourceFrameRate = sourceFrameRate
        trials = crf.map {
            Trial(
                crf: $0, meter: QualityMeter(measuresSSIM: metric == .ssim),
                displayMeter: QualityMeter(measuresSSIM: metric == .ssim))
        }
    }

    /// x264's rate-control look-ahead per preset; the two fastest presets have no macroblock tree.
    private static let lookahead = [
        "veryfast": 10, "faster": 20, "fast": 30, "medium": 40, "slow": 50, "slower": 60, "veryslow": 60,
        "placebo": 60,
    ]

    func process(_ frame: Frame) throws {
        if scaler == nil {
            scaler = graph(width: rung.width, height: rung.height)
            if !isTop { displayScaler = graph(width: top.width, height: top.height) }
        }
        try displayScaler?.push(frame)
        try drainDisplayScaler()
        try scaler?.push(frame)
        try drainScaler()
    }

    /// Ends the pass: the scalers and the pass's encoder are flushed, and the next pass feeds
    /// the next trial from fresh ones.
    func endPass() throws {
        defer { active = (active + 1) % trials.count }
        guard let scaler else { return }
        try displayScaler?.push(nil)
        try drainDisplayScaler()
        try scaler.push(nil)
        try drainScaler()
        self.scaler = nil
        displayScaler = nil
        if let encoder = trials[active].encoder { try deliver(try encoder.encode(nil), trial: active, end: true) }
        trials[active].encoder = nil
        trials[active].decoder = nil
        trials[active].upscaler = nil
        references.removeAll()
        displayReferences.removeAll()
    }

    /// The candidate's points, one per CRF.
    func points(seconds: Double) -> [TrialPoint] {
        trials.compactMap { trial in
            var pooled = trial.pooled
            var display = trial.displayPooled
            if let rest = try? trial.meter.finish() {
                for result in rest { pooled.add(mse: result.mse, ssim: result.ssim, peak: result.peak) }
            }
            if let rest = try? trial.displayMeter.finish() {
                for result in rest { display.add(mse: result.mse, ssim: result.ssim, peak: result.peak) }
            }
            guard let psnr = pooled.psnr, seconds > 0 else { return nil }
            let ssim = pooled.ssim.flatMap { $0.isNaN ? nil : $0 }
            let displaySSIM = isTop ? ssim : display.ssim.flatMap { $0.isNaN ? nil : $0 }
            return TrialPoint(
                candidate: name, width: rung.width, height: rung.height, crf: trial.crf,
                bitrate: Int((Double(trial.bytes) * 8 / seconds).rounded()), psnr: psnr, ssim: ssim,
                displayPSNR: isTop ? psnr : (display.psnr ?? psnr), displaySSIM: displaySSIM)
        }
    }

    /// The source at a size (the reader applied the shared conversion): the rung's own filters,
    /// as the final encode has them.
    private func graph(width: Int, height: Int) -> FilterGraph {
        FilterGraph(
            description: conversion.rungFilter(width: width, height: height, frameRate: rung.frameRate),
            kind: .video, timeBase: inputTimeBase, frameRate: sourceFrameRate)
    }

    /// Pulls what a graph has, timestamps in frames of the rung's rate.
    private func drain(_ graph: FilterGraph, _ take: (Frame, Int64) throws -> Void) throws {
        let rate = rung.frameRate
        while let picture = try graph.pull() {
            guard let pts = picture.pts else { continue }
            let framePTS = rescale(pts, from: graph.outputTimeBase, to: rate.inverted)
            picture.pts = framePTS
            try take(picture, framePTS)
        }
    }

    /// Keeps the measured pictures of the source at the top size until the trial measured them.
    private func drainDisplayScaler() throws {
        guard let displayScaler else { return }
        try drain(displayScaler) { picture, pts in
            if pts % Self.measuredStride == 0 { displayReferences[pts] = picture }
        }
    }

    private func drainScaler() throws {
        guard let scaler else { return }
        let rate = rung.frameRate
        try drain(scaler) { picture, framePTS in
            if framePTS % Self.measuredStride == 0 { references[framePTS] = picture }
            if trials[active].encoder == nil {
                var trialSettings = settings
                trialSettings.rateControl = .crf(trials[active].crf)
                let encoder = try Encoder(
                    EncoderConfiguration.video(
                        trialSettings, plan: rung, conversion: conversion, timing: timing,
                        timeBase: rate.inverted, threads: 1))
                trials[active].encoder = encoder
                trials[active].decoder = try Decoder(codec: try CodecParameters(encoder: encoder))
                if !isTop {
                    trials[active].upscaler = FilterGraph(
                        description: "scale=\(top.width):\(top.height):flags=bicubic", kind: .video,
                        timeBase: rate.inverted, frameRate: rate)
                }
            }
            try deliver(try trials[active].encoder!.encode(picture), trial: active, end: false)
        }
    }

    private func deliver(_ packets: [Packet], trial index: Int, end: Bool) throws {
        guard let decoder = trials[index].decoder else { return }
        var pictures: [Frame] = []
        for packet in packets {
            trials[index].bytes += packet.size
            pictures += try decoder.decode(packet)
        }
        if end { pictures += try decoder.decode(nil) }
        for picture in pictures {
            guard let pts = picture.pts ?? picture.bestEffortTimestamp,
                let reference = references.removeValue(forKey: pts)
            else { continue }
            for result in try trials[index].meter.measure(picture, against: reference) {
                trials[index].pooled.add(mse: result.mse, ssim: result.ssim, peak: result.peak)
            }
            guard let upscaler = trials[index].upscaler, let display = displayReferences.removeValue(forKey: pts) else {
                continue
            }
            picture.pts = pts
            try upscaler.push(picture)
            while let scaled = try upscaler.pull() {
                for result in try trials[index].displayMeter.measure(scaled, against: display) {
                    trials[index].displayPooled.add(mse: result.mse, ssim: result.ssim, peak: result.peak)
                }
            }
        }
    }

}
