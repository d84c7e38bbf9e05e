import ReelMedia
import ReelManifest

/// Turns ladder settings into encoder settings, per codec.
enum EncoderConfiguration {
    /// Settings for one video rung.
    /// - Parameters:
    ///   - settings: The ladder's shared video settings.
    ///   - plan: The rung with its output size and rate.
    ///   - conversion: Output pixel format and colour.
    ///   - timing: Keyframe and segment instants (for the GOP size).
    ///   - timeBase: The encoder's time base (one tick per frame).
    ///   - threads: Encoder threads when the ladder leaves them to Reel (see `threadShares`).
    ///   - keepsCaptions: Whether CEA-608/708 data on the frames goes into the bitstream (libx264
    ///     `a53cc`; libx265 in FFmpeg 5.1 cannot carry it).
    static func video(
        _ settings: VideoEncoderSettings, plan: PlannedRung, conversion: VideoConversion, timing: SegmentTiming,
        timeBase: Rational, threads: Int, keepsCaptions: Bool = false
    ) -> EncoderSettings {
        var out = EncoderSettings(encoderName: settings.codec.encoderName, timeBase: timeBase)
        out.width = plan.width
        out.height = plan.height
        out.pixelFormat = conversion.pixelFormat
        out.frameRate = Rational(plan.frameRate.numerator, plan.frameRate.denominator)
        out.gopSize = timing.keyframeFrames(rate: plan.frameRate)
        out.threads = settings.threads > 0 ? settings.threads : threads
        out.maxRate = plan.rung.maxrate
        out.bufferSize = plan.rung.bufsize
        out.colorPrimaries = conversion.primaries
        out.colorTransfer = conversion.transfer
        out.colorSpace = conversion.matrix
        out.colorRange = "tv"
        var options: [String: String] = ["preset": settings.preset, "forced-idr": "1"]
        if let profile = plan.rung.profile ?? settings.profile { options["profile"] = profile }
        if conversion.pixelFormat.contains("10") {
            options["profile"] = settings.codec == .hevc ? "main10" : "high10"
        }
        if let tune = settings.tune { options["tune"] = tune }
        switch (plan.rung.crf, settings.rateControl) {
        case (let value?, _), (nil, .crf(let value)): options["crf"] = String(value)
        case (nil, .bitrate): out.bitRate = plan.rung.bitrate
        }
        var params: [(String, String)] = [("scenecut", "0"), ("open-gop", "0")]
        let level = plan.rung.level ?? settings.level
        switch settings.codec {
        case .h264:
            if let level { options["level"] = level }
            options["a53cc"] = keepsCaptions ? "1" : "0"
            params.append(("keyint", "\(out.gopSize)"))
            params.append(("min-keyint", "\(out.gopSize)"))
            options["x264-params"] = join(params, settings.parameters)
        case .hevc:
            if let level { params.append(("level-idc", level)) }
            params.append(("keyint", "\(out.gopSize)"))
            params.append(("min-keyint", "\(out.gopSize)"))
            params.append(("log-level", "error"))
            options["x265-params"] = join(params, settings.parameters)
        }
        out.options = options
        return out
    }

    /// Settings for one audio rendition.
    static func audio(_ rendition: AudioRendition) -> EncoderSettings {
        var out = EncoderSettings(encoderName: rendition.codec.encoderName, timeBase: Rational(1, rendition.sampleRate))
        out.sampleRate = rendition.sampleRate
        out.channels = rendition.channels
        out.bitRate = rendition.bitrate
        return out
    }

    /// Encoder threads for each rung when the ladder leaves it to Reel: rungs run in parallel, so
    /// a machine's cores are shared out by each rung's share of the pixels per second, one thread
    /// per core in all (every rung at least one). The rungs side by side already keep the cores
    /// busy; each frame thread beyond that holds more pictures (with x264 at 1080p, a second frame
    /// thread and its look-ahead buffer hold about 50 MB), synchronises more and compresses a
    /// little worse.
    /// - Parameters:
    ///   - rungs: Every rung of the job.
    ///   - cores: Processor cores available.
    /// - Returns: Threads per rung, in the same order.
    static func threadShares(_ rungs: [PlannedRung], cores: Int) -> [Int] {
        let load = rungs.map { Double($0.width * $0.height) * $0.frameRate.value }
        let total = max(load.reduce(0, +), 1)
        let budget = Double(max(cores, 1))
        return load.map { max(1, Int((budget * $0 / total).rounded())) }
    }

    /// A track timescale in which every frame duration is a whole number of ticks.
    static func videoTimescale(for rate: Rational) -> Int {
        // 90 kHz when it divides evenly (24, 25, 30, 50, 60, 29.97, 59.94…), else the rate's numerator.
        if (90_000 * rate.denominator) % rate.numerator == 0 { return 90_000 }
        return rate.numerator < 1000 ? rate.numerator * 1000 : rate.numerator
    }

    private static func join(_ base: [(String, String)], _ extra: [String: String]) -> String {
        var merged = base.filter { extra[$0.0] == nil }
        merged += extra.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return merged.map { "\($0.0)=\($0.1)" }.joined(separator: ":")
    }
}
