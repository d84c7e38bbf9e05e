public import ArgumentParser
import Foundation
import Logging
import ReelCore
import ReelHTTP
import ReelManifest
import ReelMedia
import ReelOutput

/// `reel package`: one source in, one HLS + DASH package out.
struct PackageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Package a media file as HLS and DASH with a ladder of renditions.",
        discussion: """
            The source is decoded once; every rung is scaled and encoded on its own thread with an \
            IDR at every keyframe interval, and all renditions are cut at the same instants into \
            CMAF segments shared by master.m3u8 and manifest.mpd. Manifests are written last: a \
            failed run leaves none behind.

            Examples:
              reel package --sample --out out/
              reel package talk.mov --out out/ --ladder apple-avc
              reel package talk.mov --out out/ --formats hls --segment-duration 4
              reel package --job job.json          # the JSON body of POST /v1/jobs
              curl -s https://app.example/job.json | reel package --job - --out out/
              reel package talk.mov --out out/ --progress json | jq .fraction
              reel package talk.mov --out talk.zip
              AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… AWS_REGION=eu-west-1 \\
                reel package talk.mov --out s3://media/videos/talk/
              reel package talk.mov --out s3://media/talk/ --s3-endpoint http://127.0.0.1:9000
              reel package talk.mov --out out/ --subtitles talk.en.vtt:en \\
                --subtitles talk.fr.srt:fr:Français --subtitles signs.ass:en:Signs:forced
              reel package talk.mov --out out/ --encryption cbcs --drm clearkey,widevine \\
                --encryption-key 0123456789abcdef0123456789abcdef:00112233445566778899aabbccddeeff
              reel package talk.mov --out out/ --quality-report   # + quality.json, quality.svg
              reel package talk.mov --out out/ --cue-points 30,95.5   # ad breaks: Periods, DATERANGE
              reel package talk.mov --out out/ --loudness ebu-r128      # audio at -23 LUFS, peaks <= -1 dBTP

            Subtitles: --subtitles FILE[:LANG[:NAME[:FLAGS]]] adds a sidecar file (repeatable): \
            WebVTT or SRT in any common encoding (UTF-8, UTF-16, Latin-1), ASS/SSA and the other \
            text formats FFmpeg reads. LANG is a language code (en, pt-BR, eng), NAME what players \
            show, FLAGS any of forced, default, sdh joined by ','. Text subtitle tracks in the \
            source (SRT, ASS, WebVTT, mov_text) are added automatically; bitmap tracks (PGS, \
            VobSub, DVB) are skipped with a warning. Each track becomes segmented WebVTT for HLS \
            (s-LANG/index.m3u8) and WebVTT in fMP4 for DASH (s-LANG/init.mp4, seg_*.m4s), cut at \
            the video's segment instants. CEA-608 captions in H.264/HEVC sources are kept in H.264 \
            renditions (CLOSED-CAPTIONS in HLS, an Accessibility descriptor in DASH).

            S3 destinations read AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, \
            AWS_REGION (or AWS_DEFAULT_REGION) and AWS_ENDPOINT_URL. Segments are uploaded while \
            encoding goes on; manifests only after every segment succeeded.

            One request: every flag is a field of the JSON request that `reel serve` takes \
            (POST /v1/jobs) and --job reads, in kebab-case here and snake_case there: source, \
            ladder (a preset name, a preset file here, or an inline ladder object in JSON), \
            formats, hls_segments, segment_duration, keyframe_interval, subtitles, thumbnails, \
            poster, encryption (--encryption…), quality_report, output (--out). See README, "One request".

            Exit status: 0 success, 3 unsupported or invalid input, 4 bad settings or destination, \
            75 transient failure (retry), 130 cancelled.
            """
    )

    @Argument(
        help: ArgumentHelp(
            "The source: path, file://, http(s)://, s3://BUCKET/KEY or data: URI. Omit with --sample or --job. "
                + "With --package-only, every input (renditions already encoded) in order.",
            valueName: "source"))
    var sources: [String] = []

    @Flag(
        help: ArgumentHelp(
            "Copy every video and audio stream of the inputs into the package as it is: no decode, no encode. "
                + "Segments start at the keyframes all video renditions share; renditions whose keyframes do not "
                + "line up are refused (see `reel probe`)."))
    var packageOnly = false

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "With --package-only: the language of input N's audio (1-based), overriding the file's.",
            valueName: "N=lang"))
    var inputLanguage: [String] = []

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "With --package-only: the display name of input N's audio renditions (1-based).", valueName: "N=name"))
    var inputName: [String] = []

    @Flag(help: "Package a generated 10 s 1080p test clip (colour bars and a 440 Hz tone).")
    var sample = false

    @Option(
        help: ArgumentHelp(
            "A request as JSON (the body of POST /v1/jobs), or - for stdin; flags given as well override its fields.",
            valueName: "file.json"))
    var job: String?

    @Option(
        name: [.customShort("o"), .customLong("out"), .customLong("output")],
        help: ArgumentHelp(
            "Destination: a directory, NAME.zip, or s3://BUCKET/PREFIX/; {content_id} becomes the source's SHA-256.",
            valueName: "dest"))
    var out: String?

    @Option(help: ArgumentHelp("S3 endpoint URL (overrides AWS_ENDPOINT_URL).", valueName: "url"))
    var s3Endpoint: String?

    @Option(
        help: ArgumentHelp("S3 addressing: path or virtual (default: path for custom endpoints).", valueName: "style"))
    var s3Addressing: String?

    @Option(help: ArgumentHelp("Parallel S3 uploads (default 4).", valueName: "n"))
    var s3Uploads: Int?

    @Option(
        help: ArgumentHelp(
            "Ladder preset name or YAML file (see `reel ladders`; default web).", valueName: "name|file.yaml"))
    var ladder: String?

    @Option(
        name: [.customLong("formats"), .customLong("format")],
        help: ArgumentHelp("Manifests to write: hls, dash, or hls,dash (default).", valueName: "list"))
    var formats: String?

    @Option(help: ArgumentHelp("Segment duration in seconds (default: the ladder's, usually 6).", valueName: "seconds"))
    var segmentDuration: Double?

    @Option(
        help: ArgumentHelp("Keyframe interval in seconds (default: the ladder's, usually 2).", valueName: "seconds"))
    var keyframeInterval: Double?

    @Option(
        help: ArgumentHelp(
            "HLS segment container: fmp4 (CMAF, shared with DASH; default) or ts (MPEG-TS for older players; "
                + "DASH keeps fMP4).",
            valueName: "fmp4|ts"))
    var hlsSegments: SegmentContainer?

    @Option(
        help: ArgumentHelp(
            "Trick-play thumbnails: one every EVERY seconds, in JPEG sprite sheets listed in both manifests "
                + "(HLS image playlist, DASH image set) and a WebVTT track (thumbnails/thumbnails.vtt), tiles WxH "
                + "(default 160 wide).", valueName: "every[:WxH]"))
    var thumbnails: String?

    @Option(
        help: ArgumentHelp("Write poster.jpg from the frame on screen at this time (seconds).", valueName: "seconds"))
    var poster: Double?

    @Option(
        name: .customLong("subtitles"),
        help: ArgumentHelp(
            "Add a subtitle file (repeatable): WebVTT, SRT, ASS/SSA…; LANG like en or pt-BR, NAME as players show "
                + "it, FLAGS forced,default,sdh. Text subtitle tracks in the source are added automatically.",
            valueName: "file[:lang[:name[:flags]]]"))
    var subtitles: [String] = []

    @Option(
        help: ArgumentHelp(
            "Encrypt: cbcs (CENC, one segment set for HLS SAMPLE-AES and DASH), cenc (AES-CTR, DASH), aes-128 "
                + "(whole HLS segments). Needs --encryption-key.", valueName: "scheme"))
    var encryption: EncryptionOptions.Scheme?

    @Option(
        help: ArgumentHelp(
            "A content key in hex (repeatable): LABEL is video, audio, sd, hd or uhd (by rung height); without "
                + "one, the key of every track no labelled key claims. Keys never appear in logs or events.",
            valueName: "[label=]kid:key"))
    var encryptionKey: [String] = []

    @Option(
        help: ArgumentHelp(
            "A DASH-IF CPIX document with the keys and each DRM system's signalling (path or URL), instead of "
                + "--encryption-key.", valueName: "file"))
    var cpix: String?

    @Option(
        help: ArgumentHelp(
            "DRM systems to signal, comma-separated: clearkey (default), widevine, playready, fairplay, identity.",
            valueName: "systems"))
    var drm: String?

    @Flag(
        help: ArgumentHelp(
            "Put every DRM system's pssh box into the init segments too, not only into the manifests (ClearKey's "
                + "is always there)."))
    var psshInInit = false

    @Option(help: ArgumentHelp("License server URL for the DASH ClearKey element.", valueName: "url"))
    var licenseURL: String?

    @Option(help: ArgumentHelp("FairPlay key URI (default skd:// and the key id).", valueName: "skd://…"))
    var fairplayURI: String?

    @Option(help: ArgumentHelp("aes-128 and identity keys: the key URI the playlists point at.", valueName: "uri"))
    var hlsKeyURI: String?

    @Option(
        help: ArgumentHelp(
            "aes-128 and identity keys: also write the 16-byte key into the package under this name (for tests "
                + "and private players); the key URI defaults to it.", valueName: "name"))
    var hlsKeyFile: String?

    @Flag(
        help: ArgumentHelp(
            "Measure every encoded video rung against the source while packaging (PSNR and SSIM per rendition and "
                + "segment, FFmpeg's psnr/ssim filters) and add quality.json and quality.svg to the package."))
    var qualityReport = false

    @Option(
        help: ArgumentHelp(
            "Ad breaks: seconds inside the source, comma-separated (30,95.5). Each gets an IDR and a segment "
                + "boundary in every rendition, a DASH Period and an HLS EXT-X-DATERANGE with SCTE-35.",
            valueName: "seconds,…"))
    var cuePoints: String?

    @Option(
        help: ArgumentHelp(
            "Bring every audio rendition's programme loudness to a standard's target, by one gain and a true-peak "
                + "limiter only where needed: ebu-r128 (-23 LUFS, -1 dBTP), atsc-a85 (-24 LKFS, -2 dBTP), streaming "
                + "(-16 LUFS, -1 dBTP). Other targets: `loudness` in a ladder or a --job request.",
            valueName: "standard"))
    var loudness: LoudnessStandard?

    @Option(
        help: ArgumentHelp(
            "Progress display: auto (a bar on a terminal), bar, json (one event per line on stdout), none.",
            valueName: "mode"))
    var progress: ProgressMode = .auto

    @Flag(name: .shortAndLong, help: "Log details, including FFmpeg's messages, to stderr.")
    var verbose = false

    func validate() throws {
        let given = [!sources.isEmpty, sample, job != nil].filter { $0 }.count
        if !sources.isEmpty && sample { throw ValidationError("give a SOURCE or --sample, not both") }
        if given == 0 { throw ValidationError("missing SOURCE (or use --sample or --job FILE.json)") }
        if sources.count > 1 && !packageOnly && job == nil {
            throw ValidationError("several inputs are packaged as they are: add --package-only")
        }
        _ = try formatList()
        _ = try s3Options()
        _ = try subtitleInputs()
    }

    func run() async throws {
        LogSetup.bootstrap(verbose: verbose)
        var cleanup: URL?
        defer { if let cleanup { try? FileManager.default.removeItem(at: cleanup) } }
        var job = try request()
        if sample {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reel-sample-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            cleanup = dir
            job.source = dir.appendingPathComponent("sample.mp4").path
            try SampleClip().write(to: job.source)
        }
        guard let destination = job.output else {
            throw CLIError(message: "missing --out (or \"output\" in the job)", exitCode: ExitStatus.permanent).exit
        }
        if job.callbackURL != nil {
            Logger(label: "reel.package").warning("callback_url is used by reel serve and reel worker only; ignored")
        }
        var sourceOptions = MediaSourceOptions()
        sourceOptions.s3 = try s3Options()
        let environment = PackageJobEnvironment(
            allowsLadderFiles: true, sourceOptions: sourceOptions, s3: try s3Options(),
            destination: { (output) throws(ReelError) in
                do {
                    return try OutputDestination(parsing: output ?? destination)
                } catch {
                    throw .permanent("\(error)")
                }
            })
        let runner = PackageJobRunner(job: job, environment: environment)
        let printer = ProgressPrinter(mode: progress.resolved())
        let signals = SignalCancellation { runner.cancel() }
        let events = Task { for await event in runner.events { printer.show(event) } }
        let result: Result<PackageJobRunner.Outcome, ReelError>
        do throws(ReelError) {
            result = .success(try await runner.run())
        } catch {
            result = .failure(error)
        }
        await events.value
        signals.stop()
        switch result {
        case .success(let done):
            printer.finish(done.summary, directory: done.destination.description)
        case .failure(let error):
            printer.abandon()
            throw CLIError(message: error.description, exitCode: ExitStatus.of(error)).exit
        }
    }

    /// The request: the `--job` JSON, if any, with every flag given on top of it.
    func request() throws -> PackageJob {
        var job = PackageJob(source: sources.first ?? "")
        if let file = self.job {
            let data: Data
            do {
                data =
                    file == "-"
                    ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw CLIError(message: "--job \(file): cannot read the file", exitCode: ExitStatus.permanent).exit
            }
            do {
                job = try PackageJob.decode(json: data)
            } catch {
                throw CLIError(message: "--job \(file): \(error.description)", exitCode: ExitStatus.permanent).exit
            }
            if let source = sources.first { job.source = source }
        }
        if sources.count > 1 || packageOnly || !inputLanguage.isEmpty || !inputName.isEmpty {
            var inputs = sources.count > 0 ? sources.map { MediaInput(source: $0) } : job.allInputs
            try apply(inputLanguage, "--input-language", to: &inputs) { input, value throws(ValidationError) in
                guard let tag = LanguageTag.normalize(value) else {
                    throw ValidationError("--input-language: '\(value)' is not a language tag such as en or pt-BR")
                }
                input.language = tag
            }
            try apply(inputName, "--input-name", to: &inputs) { input, value in input.name = value }
            job.inputs = inputs
            job.source = inputs.first?.source ?? job.source
        }
        if packageOnly { job.packageOnly = true }
        if let ladder { job.ladder = .preset(ladder) }
        if let formats = try formatList() { job.formats = formats }
        if let hlsSegments { job.hlsSegments = hlsSegments }
        if let segmentDuration { job.segmentDuration = segmentDuration }
        if let keyframeInterval { job.keyframeInterval = keyframeInterval }
        if !subtitles.isEmpty { job.subtitles = try subtitleInputs() }
        if let thumbnails {
            do {
                job.thumbnails = try ThumbnailOptions(parsing: thumbnails)
            } catch {
                throw CLIError(message: error.description, exitCode: ExitStatus.permanent).exit
            }
        }
        if let poster { job.poster = poster }
        if qualityReport { job.qualityReport = true }
        if let cuePoints {
            job.cuePoints = try cuePoints.split(separator: ",", omittingEmptySubsequences: false).map { item in
                let text = item.trimmingCharacters(in: .whitespaces)
                guard let seconds = Double(text), seconds.isFinite else {
                    throw ValidationError("--cue-points: '\(text)' is not a time in seconds (e.g. 30,95.5)")
                }
                return seconds
            }
        }
        if let loudness { job.loudness = LoudnessTarget(standard: loudness) }
        if let out { job.output = out }
        try applyEncryption(to: &job)
        return job
    }

    /// Applies the encryption flags on top of the job's `encryption`.
    private func applyEncryption(to job: inout PackageJob) throws {
        let given =
            encryption != nil || !encryptionKey.isEmpty || cpix != nil || drm != nil || licenseURL != nil
            || fairplayURI != nil
            || hlsKeyURI != nil || hlsKeyFile != nil || psshInInit
        guard given else { return }
        var options = job.encryption ?? EncryptionOptions(scheme: encryption ?? .cbcs, keys: [])
        if let encryption { options.scheme = encryption }
        if !encryptionKey.isEmpty { options.keys = try encryptionKey.map(Self.parseKey) }
        if let cpix { options.cpix = cpix }
        if let drm {
            options.drm = try drm.split(separator: ",").map { name in
                let word = name.trimmingCharacters(in: .whitespaces).lowercased()
                guard let system = EncryptionOptions.DRMSystem(rawValue: word) else {
                    let known = EncryptionOptions.DRMSystem.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ValidationError("unknown DRM system '\(word)' in --drm; use \(known)")
                }
                return system
            }
        }
        if let licenseURL { options.licenseURL = licenseURL }
        if let fairplayURI { options.fairPlayURI = fairplayURI }
        if let hlsKeyURI { options.hlsKeyURI = hlsKeyURI }
        if let hlsKeyFile { options.hlsKeyFile = hlsKeyFile }
        if psshInInit { options.psshInInit = true }
        job.encryption = options
    }

    /// `[LABEL=]KID:KEY`, both 32 hex digits (the key id may be a UUID).
    private static func parseKey(_ text: String) throws -> EncryptionOptions.Key {
        var rest = Substring(text)
        var label: String?
        if let equals = rest.firstIndex(of: "=") {
            label = String(rest[..<equals]).lowercased()
            rest = rest[rest.index(after: equals)...]
        }
        let parts = rest.split(separator: ":")
        guard parts.count == 2, let kid = Hex.bytes(String(parts[0])), kid.count == 16,
            let key = Hex.bytes(String(parts[1])), key.count == 16
        else {
            // The value holds a key: the message names the label only.
            throw ValidationError(
                "--encryption-key\(label.map { " \($0)" } ?? ""): expected [LABEL=]KID:KEY, 32 hex digits each")
        }
        return EncryptionOptions.Key(label: label, keyID: kid, key: key)
    }

    /// Applies `N=VALUE` options to the inputs.
    private func apply(
        _ values: [String], _ flag: String, to inputs: inout [MediaInput],
        _ set: (inout MediaInput, String) throws(ValidationError) -> Void
    ) throws {
        for value in values {
            let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let number = Int(parts[0]), inputs.indices.contains(number - 1) else {
                throw ValidationError("\(flag) '\(value)': expected N=VALUE with N from 1 to \(inputs.count)")
            }
            try set(&inputs[number - 1], parts[1])
        }
    }

    private func s3Options() throws -> S3Options {
        var options = S3Options(endpoint: s3Endpoint, uploadThreads: s3Uploads)
        if let s3Addressing {
            guard let addressing = S3Addressing(rawValue: s3Addressing.lowercased()) else {
                throw ValidationError("unknown --s3-addressing '\(s3Addressing)'; use path or virtual")
            }
            options.addressing = addressing
        }
        if let s3Uploads, s3Uploads < 1 { throw ValidationError("--s3-uploads needs at least 1") }
        return options
    }

    private func subtitleInputs() throws -> [SubtitleInput] {
        try subtitles.map { spec in
            do throws(ReelError) {
                return try SubtitleInput(parsing: spec)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    private func formatList() throws -> [ManifestFormat]? {
        guard let formats else { return nil }
        var result: [ManifestFormat] = []
        for part in formats.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let value = ManifestFormat(rawValue: name) else {
                throw ValidationError("unknown format '\(name)' in --formats; use hls, dash or hls,dash")
            }
            if !result.contains(value) { result.append(value) }
        }
        if result.isEmpty { throw ValidationError("--formats needs hls, dash or both") }
        return result
    }
}

extension EncryptionOptions.Scheme: ExpressibleByArgument {}

extension LoudnessStandard: ExpressibleByArgument {}

extension SegmentContainer: ExpressibleByArgument {
    /// `fmp4` or `ts`: the containers HLS media segments come in.
    init?(argument: String) {
        guard let container = SegmentContainer(rawValue: argument), container != .webvtt else { return nil }
        self = container
    }

    static var allValueStrings: [String] { ["fmp4", "ts"] }
}

/// How progress is shown.
enum ProgressMode: String, ExpressibleByArgument, CaseIterable {
    case auto, bar, json, none

    /// `auto` becomes `bar` on a terminal and `none` otherwise.
    func resolved() -> ProgressMode {
        guard self == .auto else { return self }
        return isatty(STDERR_FILENO) != 0 ? .bar : .none
    }
}
