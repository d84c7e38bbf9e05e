import ArgumentParser
import Foundation
import Logging
import ReelCore
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
              reel package talk.mov --out out/ --format hls --segment-duration 4
              reel package talk.mov --out out/ --progress json | jq .fraction
              reel package talk.mov --out talk.zip
              AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… AWS_REGION=eu-west-1 \\
                reel package talk.mov --out s3://media/videos/talk/
              reel package talk.mov --out s3://media/talk/ --s3-endpoint http://127.0.0.1:9000
              reel package talk.mov --out out/ --subtitles talk.en.vtt:en \\
                --subtitles talk.fr.srt:fr:Français --subtitles signs.ass:en:Signs:forced

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

            Exit status: 0 success, 3 unsupported or invalid input, 4 bad settings or destination, \
            75 transient failure (retry), 130 cancelled.
            """
    )

    @Argument(help: "The source: path, file://, http(s)://, s3://BUCKET/KEY or data: URI. Omit with --sample.")
    var source: String?

    @Flag(help: "Package a generated 10 s 1080p test clip (colour bars and a 440 Hz tone).")
    var sample = false

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Destination: a directory, NAME.zip, or s3://BUCKET/PREFIX/; {content_id} becomes the source's SHA-256.",
            valueName: "dest"))
    var out: String

    @Option(help: ArgumentHelp("S3 endpoint URL (overrides AWS_ENDPOINT_URL).", valueName: "url"))
    var s3Endpoint: String?

    @Option(
        help: ArgumentHelp("S3 addressing: path or virtual (default: path for custom endpoints).", valueName: "style"))
    var s3Addressing: String?

    @Option(help: ArgumentHelp("Parallel S3 uploads (default 4).", valueName: "n"))
    var s3Uploads: Int?

    @Option(help: ArgumentHelp("Ladder preset name or YAML file (see `reel ladders`).", valueName: "name|file.yaml"))
    var ladder = "web"

    @Option(help: ArgumentHelp("Manifests to write: hls, dash, or hls,dash.", valueName: "list"))
    var format = "hls,dash"

    @Option(help: ArgumentHelp("Segment duration in seconds (default: the ladder's, usually 6).", valueName: "seconds"))
    var segmentDuration: Double?

    @Option(
        help: ArgumentHelp("Keyframe interval in seconds (default: the ladder's, usually 2).", valueName: "seconds"))
    var keyframeInterval: Double?

    @Option(
        help: ArgumentHelp(
            "HLS segment container: fmp4 (CMAF, shared with DASH) or ts (MPEG-TS for older players; DASH keeps fMP4).",
            valueName: "fmp4|ts"))
    var hlsSegments: HLSSegmentFormat = .fmp4

    @Option(
        help: ArgumentHelp(
            "Trick-play thumbnails: one every EVERY seconds, in JPEG sprite sheets with a WebVTT track "
                + "(thumbnails/thumbnails.vtt), tiles WxH (default 160 wide).", valueName: "every[:WxH]"))
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
            "Progress display: auto (a bar on a terminal), bar, json (one event per line on stdout), none.",
            valueName: "mode"))
    var progress: ProgressMode = .auto

    @Flag(name: .shortAndLong, help: "Log details, including FFmpeg's messages, to stderr.")
    var verbose = false

    func validate() throws {
        if sample && source != nil { throw ValidationError("give a SOURCE or --sample, not both") }
        if !sample && source == nil { throw ValidationError("missing SOURCE (or use --sample)") }
        _ = try formats()
        _ = try s3Options()
        _ = try subtitleInputs()
    }

    func run() async throws {
        LogSetup.bootstrap(verbose: verbose)
        let formats = try formats()
        let ladder: Ladder
        do {
            ladder = try LadderCatalog().loadPreset(nameOrFile: self.ladder)
        } catch {
            throw CLIError(message: error.description, exitCode: ExitStatus.permanent).exit
        }
        var cleanup: URL?
        defer { if let cleanup { try? FileManager.default.removeItem(at: cleanup) } }
        let sourcePath: String
        if let source {
            sourcePath = source
        } else {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reel-sample-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            cleanup = dir
            sourcePath = dir.appendingPathComponent("sample.mp4").path
            try SampleClip().write(to: sourcePath)
        }
        // `{content_id}` in --out: the SHA-256 of the source, computed before packaging.
        var sourceOptions = MediaSourceOptions()
        sourceOptions.s3 = try s3Options()
        let destination: String
        do {
            destination = try MediaSource(uri: sourcePath)
                .expandingContentID(in: out, options: sourceOptions).destination
        } catch {
            throw CLIError(message: error.description, exitCode: ExitStatus.of(error)).exit
        }
        let output: any MultiFileOutput
        do {
            output = try OutputDestination(parsing: destination).makeOutput(s3: try s3Options())
        } catch {
            throw CLIError(message: "\(error)", exitCode: ExitStatus.permanent).exit
        }
        var request = PackageRequest(
            source: sourcePath, ladder: ladder, formats: formats, segmentDuration: segmentDuration,
            keyframeInterval: keyframeInterval, hlsSegments: hlsSegments)
        request.sourceOptions = sourceOptions
        request.subtitles = try subtitleInputs()
        var packageOutput = output
        if thumbnails != nil || poster != nil,
            let track = try await writeThumbnails(source: sourcePath, options: sourceOptions, output: output)
        {
            // DASH players find the sprites through an image AdaptationSet in manifest.mpd.
            packageOutput = ThumbnailManifestOutput(wrapping: output, track: track)
        }
        let packager = Packager(request: request, output: packageOutput)
        let printer = ProgressPrinter(mode: progress.resolved())
        let signals = SignalCancellation { packager.cancel() }
        let events = Task { for await event in packager.events { printer.show(event) } }
        let result: Result<PackageSummary, ReelError>
        do throws(ReelError) {
            result = .success(try await packager.run())
        } catch {
            result = .failure(error)
        }
        await events.value
        signals.stop()
        switch result {
        case .success(let summary):
            printer.finish(summary, directory: destination)
        case .failure(let error):
            printer.abandon()
            throw CLIError(message: error.description, exitCode: ExitStatus.of(error)).exit
        }
    }

    /// Sprite sheets, their WebVTT track and the poster, written into the package before the
    /// renditions (on a thread of their own: FFmpeg work stays off the concurrency pool).
    private func writeThumbnails(
        source: String, options: MediaSourceOptions, output: any MultiFileOutput
    ) async throws -> ThumbnailTrack? {
        let sprites: ThumbnailOptions?
        do {
            sprites = try thumbnails.map { text throws(ReelError) in try ThumbnailOptions(parsing: text) }
        } catch {
            output.abort()
            throw CLIError(message: error.description, exitCode: ExitStatus.of(error)).exit
        }
        let poster = self.poster
        let result = await onThread("reel.thumbnails") {
            Result { () throws(ReelError) in
                try ThumbnailWriter.write(
                    source: MediaSource(uri: source), thumbnails: sprites, poster: poster, options: options, to: output)
            }
        }
        switch result {
        case .success(let written): return written.track
        case .failure(let error):
            output.abort()
            throw CLIError(message: error.description, exitCode: ExitStatus.of(error)).exit
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

    private func formats() throws -> Set<ManifestFormat> {
        var result = Set<ManifestFormat>()
        for part in format.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let value = ManifestFormat(rawValue: name) else {
                throw ValidationError("unknown format '\(name)' in --format; use hls, dash or hls,dash")
            }
            result.insert(value)
        }
        if result.isEmpty { throw ValidationError("--format needs hls, dash or both") }
        return result
    }
}

extension HLSSegmentFormat: ExpressibleByArgument {}

/// How progress is shown.
enum ProgressMode: String, ExpressibleByArgument, CaseIterable {
    case auto, bar, json, none

    /// `auto` becomes `bar` on a terminal and `none` otherwise.
    func resolved() -> ProgressMode {
        guard self == .auto else { return self }
        return isatty(STDERR_FILENO) != 0 ? .bar : .none
    }
}
