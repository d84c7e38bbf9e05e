import Foundation
import Yams

/// Reads ladder presets from YAML and validates them.
///
/// The schema (snake_case keys; unknown keys are errors):
/// ```yaml
/// name: web                  # required; [A-Za-z0-9._-]+, equal to the file name without .yaml/.yml
/// summary: …                 # optional one line for `reel ladders`
/// segment_duration: 6        # seconds (≤ 60), default 6; a whole multiple of keyframe_interval
/// keyframe_interval: 2       # seconds (≤ 60), default 2
/// video:                     # required when there are rungs, absent for audio-only ladders
///   codec: h264              # required: h264 | hevc
///   preset: veryfast         # required: an x264/x265 preset
///   profile: high            # optional; must suit pixel_format (8-bit: baseline, main, high;
///                            #   10-bit: high10, main10)
///   level: "4.1"             # optional
///   pixel_format: yuv420p    # yuv420p (default) | yuv420p10le
///   rate_control: bitrate    # bitrate (default) | crf
///   crf: 23                  # 0…51, required with rate_control: crf and only then
///   threads: 0               # ≥ 0, default 0 (the encoder decides)
///   tune: film               # optional x264/x265 tune
///   params: {}               # extra x264-params / x265-params; GOP and rate keys are Reel's
/// rungs:                     # video rungs; width and/or height (even), sizes are landscape boxes
///   - {name: 720p, width: 1280, height: 720, bitrate: 3000k, maxrate: 3210k, bufsize: 4500k,
///      max_fps: 30, profile: main, level: "3.1"}
///                            # name: unique, [A-Za-z0-9._-]+; width/height: even, 2…8192, at least one;
///                            # bitrate required; maxrate ≥ bitrate and bufsize go together;
///                            # max_fps in (0, 300]; profile/level override the video settings;
///                            # passthrough: never (default) | auto — copy the source's video into
///                            # this rung when it fits (one rung per ladder at most)
/// per_title:                 # optional: rungs become candidate sizes, bitrates are chosen per source
///   metric: psnr             # psnr (default) | ssim
///   target: 42               # the top rung's quality (dB, or SSIM 0…1); `max` is the same key
///   min: 40                  # optional floor for the lowest rung, below target
///   min_bitrate: 300k        # required; the lowest rung spends at least this
///   max_bitrate: 6000k       # required; the top rung spends at most this
///   max_rungs: 4             # 1…(number of candidate rungs × 2), default the number of rungs
///   min_step: 1.5            # > 0: least quality gain between neighbouring rungs
///   max_ratio: 2.5           # optional, 1.2…100: largest bitrate ratio between neighbouring rungs
///   rate_control: capped_crf # capped_crf (default) | bitrate
///   trials: {samples: 5, duration: 2, preset: superfast, crf: [20, 26, 32, 38]}
///                            # samples 1…20, duration (0, 10] s, an encoder preset, 2…8 CRF values
///                            # With per_title, rungs give sizes only (no bitrate, maxrate, bufsize or
///                            # passthrough) and video has no rate_control or crf.
/// audio:                     # audio renditions; a ladder needs at least one rung or one rendition
///   - {name: 128k, codec: aac, bitrate: 128k, channels: 2, sample_rate: 48000}
///                            # name unique; codec aac (default) | ac3 | eac3; bitrate required;
///                            # channels 1…8 (AC-3: 1…6, default 2); sample_rate the encoder's (default 48000)
///     loudness: {standard: ebu-r128, integrated: -23, true_peak: -1}
///                            # optional: standard ebu-r128 (−23 LUFS, −1 dBTP) | atsc-a85 (−24 LKFS,
///                            # −2 dBTP) | streaming (−16 LUFS, −1 dBTP); integrated −70…−5 and
///                            # true_peak −9…0 override the standard's
/// ```
/// Bitrates are bits per second written as `5000k`, `5.35M` or `128000`.
enum LadderLoader {
    /// Loads and validates a preset file. Its `name` must equal the file name without the extension.
    ///
    /// - Parameter url: A file URL of a `.yaml` or `.yml` preset.
    /// - Returns: The validated ladder.
    /// - Throws: `LadderError` naming the file (relative to the current directory when inside it), the line,
    ///   the column and the field.
    static func load(contentsOf url: URL) throws(LadderError) -> Ladder {
        let source = displayPath(of: url)
        let yaml: String
        do {
            yaml = try String(contentsOf: url, encoding: .utf8)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw LadderError(source: source, message: exists ? "cannot read the file as UTF-8 text" : "no such file")
        }
        return try parse(yaml: yaml, source: source, fileName: url.lastPathComponent)
    }

    /// Parses and validates a preset from YAML text.
    ///
    /// - Parameters:
    ///   - yaml: The preset's YAML text.
    ///   - source: The name errors show in place of a file path.
    /// - Returns: The validated ladder.
    /// - Throws: `LadderError` naming `source`, the line, the column and the field.
    static func load(yaml: String, source: String = "<string>") throws(LadderError) -> Ladder {
        try parse(yaml: yaml, source: source, fileName: nil)
    }

    // MARK: - Document

    private static let ladderKeys = [
        "name", "summary", "segment_duration", "keyframe_interval", "video", "per_title", "rungs", "audio",
    ]
    private static let perTitleKeys = [
        "metric", "target", "max", "min", "min_bitrate", "max_bitrate", "max_rungs", "min_step", "max_ratio",
        "rate_control", "trials",
    ]
    private static let trialKeys = ["samples", "duration", "preset", "crf"]
    private static let videoKeys = [
        "codec", "preset", "profile", "level", "pixel_format", "rate_control", "crf", "threads", "tune", "params",
    ]
    private static let rungKeys = [
        "name", "width", "height", "bitrate", "maxrate", "bufsize", "max_fps", "profile", "level", "passthrough",
    ]
    private static let audioKeys = ["name", "codec", "bitrate", "channels", "sample_rate", "loudness"]
    private static let loudnessKeys = ["standard", "integrated", "true_peak"]
    /// Encoder parameters Reel sets itself from the ladder: GOP alignment and rate control.
    private static let reservedParameters = [
        "keyint", "min-keyint", "scenecut", "open-gop", "bitrate", "crf", "vbv-maxrate", "vbv-bufsize",
    ]
    /// The largest rung side: HEVC level 6.2 stops at 8192 × 4320; x264 allows more, players do not.
    private static let maximumSide = 8192

    private static func parse(yaml: String, source: String, fileName: String?) throws(LadderError) -> Ladder {
        let document = LadderNode(node: try compose(yaml: yaml, source: source), path: "", source: source)
        let top = try document.mapping(allowedKeys: ladderKeys)

        let nameNode = try top.required("name")
        let name = try nameNode.name()
        if let fileName, !["\(name).yaml", "\(name).yml"].contains(fileName) {
            throw nameNode.error("\"\(name)\" does not match the file name \(fileName)")
        }
        var summary = ""
        if let summaryNode = top.optional("summary") {
            summary = try summaryNode.text()
            if summary.contains(where: \.isNewline) { throw summaryNode.error("must be one line") }
        }
        let segmentNode = top.optional("segment_duration")
        let keyframeNode = top.optional("keyframe_interval")
        let segmentDuration = try segmentNode?.positiveNumber(maximum: 60) ?? 6
        let keyframeInterval = try keyframeNode?.positiveNumber(maximum: 60) ?? 2
        let keyframesPerSegment = (segmentDuration / keyframeInterval).rounded()
        if keyframesPerSegment < 1 || abs(segmentDuration - keyframesPerSegment * keyframeInterval) > 1e-9 {
            let segment = LadderNode.format(segmentDuration)
            let keyframe = LadderNode.format(keyframeInterval)
            if let segmentNode {
                throw segmentNode.error("\(segment) is not a whole multiple of keyframe_interval (\(keyframe))")
            }
            throw (keyframeNode ?? document).error("\(keyframe) does not divide segment_duration (\(segment))")
        }

        let videoNode = top.optional("video")
        let video = try videoNode.map { node throws(LadderError) in try readVideo(node) }
        let rungNodes = try top.optional("rungs")?.sequence() ?? []
        if let videoNode, rungNodes.isEmpty {
            throw videoNode.error("video settings need at least one rung under rungs")
        }
        var perTitle: PerTitleSettings?
        if let perTitleNode = top.optional("per_title") {
            guard let video, let videoNode else {
                throw perTitleNode.error("needs video settings and candidate rungs")
            }
            let settings = try videoNode.mapping(allowedKeys: nil)
            for key in ["rate_control", "crf"] {
                if let node = settings.optional(key) {
                    throw node.error("per_title chooses the rate control (per_title.rate_control); remove it")
                }
            }
            perTitle = try readPerTitle(perTitleNode, video: video, candidates: rungNodes.count)
        }
        var rungs: [VideoRung] = []
        if !rungNodes.isEmpty {
            guard let video else { throw top.missing("video", reason: "is required when the ladder has rungs") }
            for node in rungNodes {
                rungs.append(try readRung(node, video: video, perTitle: perTitle))
            }
            try checkUnique(rungNodes, names: rungs.map(\.name))
            let copied = zip(rungNodes, rungs).filter { $0.1.passthrough != .never }
            if copied.count > 1 {
                // The source's video is one stream: two rungs copying it would be the same rendition.
                throw copied[1].0.error(
                    "only one rung may ask for passthrough (\(copied[0].1.name) already does)",
                    field: copied[1].0.path + ".passthrough")
            }
        }

        let audioNodes = try top.optional("audio")?.sequence() ?? []
        var audio: [AudioRendition] = []
        for node in audioNodes {
            audio.append(try readAudio(node))
        }
        try checkUnique(audioNodes, names: audio.map(\.name))
        if rungs.isEmpty && audio.isEmpty {
            throw document.error("a ladder needs at least one video rung or audio rendition")
        }

        var ladder = Ladder(
            name: name, summary: summary, segmentDuration: segmentDuration, keyframeInterval: keyframeInterval,
            video: video, rungs: rungs, audio: audio)
        ladder.perTitle = perTitle
        return ladder
    }

    /// Composes the YAML text into a node tree, turning YAML errors into located `LadderError`s.
    private static func compose(yaml: String, source: String) throws(LadderError) -> Node {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                .composer(_, let problem, let mark, _):
                throw LadderError(source: source, line: mark.line, column: mark.column, message: "YAML: \(problem)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
                throw LadderError(
                    source: source, line: context.mark.line, column: context.mark.column,
                    message: "duplicate key \(keys)")
            default:
                throw LadderError(source: source, message: "YAML: \(error)".replacingOccurrences(of: "\n", with: " "))
            }
        } catch {
            throw LadderError(source: source, message: "YAML: \(error)")
        }
        guard let composed else { throw LadderError(source: source, message: "the document is empty") }
        return composed
    }

    // MARK: - Video

    private static func readVideo(_ node: LadderNode) throws(LadderError) -> VideoEncoderSettings {
        let map = try node.mapping(allowedKeys: videoKeys)
        let codecNode = try map.required("codec")
        let codecName = try codecNode.choice(VideoCodec.allCases.map(\.rawValue), what: "codec")
        let codec = VideoCodec(rawValue: codecName) ?? .h264
        let preset = try map.required("preset").choice(codec.presets, what: "preset for \(codecName)")
        let pixelFormat =
            try map.optional("pixel_format")?.choice(codec.pixelFormats, what: "pixel format") ?? "yuv420p"
        var settings = VideoEncoderSettings(
            codec: codec, preset: preset, profile: nil, pixelFormat: pixelFormat,
            threads: try map.optional("threads")?.integer(minimum: 0, maximum: 256) ?? 0)
        settings.profile = try map.optional("profile").map { node throws(LadderError) in
            try readProfile(node, settings: settings)
        }
        settings.level = try map.optional("level").map { node throws(LadderError) in
            try readLevel(node, codec: codec)
        }
        settings.tune = try map.optional("tune")?.choice(codec.tunes, what: "tune for \(codecName)")

        let crfNode = map.optional("crf")
        switch try map.optional("rate_control")?.choice(["bitrate", "crf"], what: "rate control") ?? "bitrate" {
        case "crf":
            guard let crfNode else { throw map.missing("crf", reason: "is required with rate_control: crf") }
            settings.rateControl = .crf(try crfNode.number(minimum: 0, maximum: 51))
        default:
            if let crfNode { throw crfNode.error("is only used with rate_control: crf") }
        }

        if let paramsNode = map.optional("params") {
            for (key, value) in try paramsNode.mapping(allowedKeys: nil).entries {
                settings.parameters[key] = try readParameter(key: key, value: value)
            }
        }
        return settings
    }

    private static func readParameter(key: String, value: LadderNode) throws(LadderError) -> String {
        let keyIsSafe =
            !key.isEmpty && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }
        guard keyIsSafe else { throw value.error("parameter names use letters, digits, '-' and '_'") }
        if reservedParameters.contains(key) {
            throw value.error("is set by Reel from the ladder (keyframe_interval, rate_control, rungs); remove it")
        }
        if value.isNull { throw value.error("needs a value") }
        let text = try value.text(expected: "a value")
        guard !text.contains(":"), !text.contains("=") else {
            throw value.error("values must not contain ':' or '=' (they separate encoder parameters)")
        }
        return text
    }

    private static func readProfile(_ node: LadderNode, settings: VideoEncoderSettings) throws(LadderError) -> String {
        let codec = settings.codec
        let profile = try node.choice(codec.profiles, what: "profile for \(codec.rawValue)")
        let suitable = codec.profiles(for: settings.pixelFormat)
        guard suitable.contains(profile) else {
            let names = suitable.joined(separator: ", ")
            throw node.error("profile \(profile) cannot carry pixel_format \(settings.pixelFormat) (use \(names))")
        }
        return profile
    }

    private static func readLevel(_ node: LadderNode, codec: VideoCodec) throws(LadderError) -> String {
        let text = try node.text(expected: "a level such as 4.1")
        let normalized = text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        guard codec.levels.contains(normalized) else {
            let levels = codec.levels.joined(separator: ", ")
            throw node.error("unknown level \(node.quoted) for \(codec.rawValue) (expected one of: \(levels))")
        }
        return text
    }

    // MARK: - Rungs

    private static func readRung(
        _ node: LadderNode, video: VideoEncoderSettings, perTitle: PerTitleSettings?
    ) throws(LadderError) -> VideoRung {
        let map = try node.mapping(allowedKeys: rungKeys)
        let name = try map.required("name").name()
        let width = try map.optional("width").map { node throws(LadderError) in try readSide(node) }
        let height = try map.optional("height").map { node throws(LadderError) in try readSide(node) }
        if width == nil && height == nil {
            throw node.error("needs a width, a height or both")
        }
        if let perTitle {
            for key in ["bitrate", "maxrate", "bufsize", "passthrough"] {
                if let chosen = map.optional(key) {
                    throw chosen.error("is chosen per source with per_title (rungs are candidate sizes); remove it")
                }
            }
            var rung = VideoRung(name: name, width: width, height: height, bitrate: perTitle.maxBitrate)
            rung.maxFrameRate = try map.optional("max_fps")?.positiveNumber(maximum: 300)
            rung.profile = try map.optional("profile").map { node throws(LadderError) in
                try readProfile(node, settings: video)
            }
            rung.level = try map.optional("level").map { node throws(LadderError) in
                try readLevel(node, codec: video.codec)
            }
            return rung
        }
        let bitrate = try map.required("bitrate").bitrate()
        var rung = VideoRung(name: name, width: width, height: height, bitrate: bitrate)

        let maxrateNode = map.optional("maxrate")
        let bufsizeNode = map.optional("bufsize")
        if let maxrateNode {
            let maxrate = try maxrateNode.bitrate()
            guard maxrate >= bitrate else {
                throw maxrateNode.error(
                    "must be at least the bitrate (\(Bitrate.format(bitrate))), got \(Bitrate.format(maxrate))")
            }
            guard bufsizeNode != nil else { throw map.missing("bufsize", reason: "is required with maxrate") }
            rung.maxrate = maxrate
        }
        if let bufsizeNode {
            guard maxrateNode != nil else { throw bufsizeNode.error("needs a maxrate (VBV caps need both)") }
            rung.bufsize = try bufsizeNode.bitrate()
        }
        rung.maxFrameRate = try map.optional("max_fps")?.positiveNumber(maximum: 300)
        rung.profile = try map.optional("profile").map { node throws(LadderError) in
            try readProfile(node, settings: video)
        }
        rung.level = try map.optional("level").map { node throws(LadderError) in
            try readLevel(node, codec: video.codec)
        }
        if let node = map.optional("passthrough") {
            let mode = try node.choice(Passthrough.allCases.map(\.rawValue), what: "passthrough mode")
            rung.passthrough = Passthrough(rawValue: mode) ?? .never
        }
        return rung
    }

    // MARK: - Per-title

    private static func readPerTitle(
        _ node: LadderNode, video: VideoEncoderSettings, candidates: Int
    ) throws(LadderError) -> PerTitleSettings {
        let map = try node.mapping(allowedKeys: perTitleKeys)
        let metricName = try map.optional("metric")?.choice(
            PerTitleSettings.Metric.allCases.map(\.rawValue), what: "metric")
        let metric = metricName.flatMap(PerTitleSettings.Metric.init(rawValue:)) ?? .psnr
        let (low, high) = metric == .psnr ? (10.0, 99.0) : (0.1, 0.9999)
        let targetNode = map.optional("target")
        let maxNode = map.optional("max")
        if let targetNode, maxNode != nil {
            throw targetNode.error("target and max are the same setting; give one")
        }
        guard let topNode = targetNode ?? maxNode else {
            throw map.missing("target", reason: "is required: the top rung's \(metric.rawValue) (or max)")
        }
        let target = try topNode.number(minimum: low, maximum: high)
        var floor: Double?
        if let minNode = map.optional("min") {
            let value = try minNode.number(minimum: low, maximum: high)
            guard value < target else {
                throw minNode.error("must be below the target (\(LadderNode.format(target))), got \(minNode.quoted)")
            }
            floor = value
        }
        let minBitrate = try map.required("min_bitrate").bitrate()
        let maxBitrateNode = try map.required("max_bitrate")
        let maxBitrate = try maxBitrateNode.bitrate()
        guard maxBitrate > minBitrate else {
            throw maxBitrateNode.error(
                "must be above min_bitrate (\(Bitrate.format(minBitrate))), got \(Bitrate.format(maxBitrate))")
        }
        let maxRungs =
            try map.optional("max_rungs")?.integer(minimum: 1, maximum: max(1, candidates * 2)) ?? max(1, candidates)
        let stepNode = try map.required("min_step")
        let minStep = try stepNode.positiveNumber(maximum: metric == .psnr ? 20 : 0.5)
        let rateName = try map.optional("rate_control")?.choice(
            PerTitleSettings.FinalRateControl.allCases.map(\.rawValue), what: "rate control")
        var settings = PerTitleSettings(
            metric: metric, target: target, floor: floor, minBitrate: minBitrate, maxBitrate: maxBitrate,
            maxRungs: maxRungs, minStep: minStep)
        if let ratio = map.optional("max_ratio") { settings.maxRatio = try ratio.number(minimum: 1.2, maximum: 100) }
        settings.rateControl = rateName.flatMap(PerTitleSettings.FinalRateControl.init(rawValue:)) ?? .cappedCRF
        if let trialsNode = map.optional("trials") {
            let trials = try trialsNode.mapping(allowedKeys: trialKeys)
            if let samples = trials.optional("samples") {
                settings.trials.samples = try samples.integer(minimum: 1, maximum: 20)
            }
            if let duration = trials.optional("duration") {
                settings.trials.duration = try duration.positiveNumber(maximum: 10)
            }
            if let preset = trials.optional("preset") {
                settings.trials.preset = try preset.choice(
                    video.codec.presets, what: "preset for \(video.codec.rawValue)")
            }
            if let crfNode = trials.optional("crf") {
                let points = try crfNode.sequence()
                guard (2...8).contains(points.count) else {
                    throw crfNode.error("expected 2 to 8 CRF values, got \(points.count)")
                }
                var values: [Double] = []
                for point in points {
                    let value = try point.number(minimum: 0, maximum: 51)
                    if values.contains(value) { throw point.error("CRF \(point.quoted) is listed twice") }
                    values.append(value)
                }
                settings.trials.crf = values.sorted()
            }
        }
        return settings
    }

    private static func readSide(_ node: LadderNode) throws(LadderError) -> Int {
        let side = try node.integer(minimum: 2, maximum: maximumSide)
        guard side.isMultiple(of: 2) else { throw node.error("must be even (4:2:0 video), got \(side)") }
        return side
    }

    // MARK: - Audio

    private static func readAudio(_ node: LadderNode) throws(LadderError) -> AudioRendition {
        let map = try node.mapping(allowedKeys: audioKeys)
        let name = try map.required("name").name()
        let codecName = try map.optional("codec")?.choice(AudioCodec.allCases.map(\.rawValue), what: "codec")
        let codec = codecName.flatMap(AudioCodec.init(rawValue:)) ?? .aac
        let bitrate = try map.required("bitrate").bitrate()
        let channels = try map.optional("channels")?.integer(minimum: 1, maximum: codec.maxChannels) ?? 2
        var sampleRate = 48000
        if let rateNode = map.optional("sample_rate") {
            sampleRate = try rateNode.integer(minimum: 1)
            guard codec.sampleRates.contains(sampleRate) else {
                let rates = codec.sampleRates.map(String.init).joined(separator: ", ")
                throw rateNode.error(
                    "\(sampleRate) Hz is not a sample rate of \(codec.rawValue) (expected one of: \(rates))")
            }
        }
        let loudness = try map.optional("loudness").map { node throws(LadderError) in try readLoudness(node) }
        return AudioRendition(
            name: name, codec: codec, bitrate: bitrate, channels: channels, sampleRate: sampleRate, loudness: loudness)
    }

    private static func readLoudness(_ node: LadderNode) throws(LadderError) -> LoudnessTarget {
        let map = try node.mapping(allowedKeys: loudnessKeys)
        let name = try map.required("standard").choice(LoudnessStandard.allCases.map(\.rawValue), what: "standard")
        let standard = LoudnessStandard(rawValue: name) ?? .ebuR128
        return LoudnessTarget(
            standard: standard,
            integrated: try map.optional("integrated")?.number(
                minimum: LoudnessTarget.integratedRange.lowerBound, maximum: LoudnessTarget.integratedRange.upperBound),
            truePeak: try map.optional("true_peak")?.number(
                minimum: LoudnessTarget.truePeakRange.lowerBound, maximum: LoudnessTarget.truePeakRange.upperBound))
    }

    // MARK: - Helpers

    /// Throws at the second use of a name in a list.
    private static func checkUnique(_ nodes: [LadderNode], names: [String]) throws(LadderError) {
        var firstUse: [String: String] = [:]
        for (node, name) in zip(nodes, names) {
            if let earlier = firstUse[name] {
                let nameNode = try node.mapping(allowedKeys: nil).required("name")
                throw nameNode.error("\"\(name)\" is already the name of \(earlier)")
            }
            firstUse[name] = node.path
        }
    }

    /// The file's path relative to the current directory when it lies inside it, else absolute.
    private static func displayPath(of url: URL) -> String {
        let path = url.standardizedFileURL.path
        let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
