import ArgumentParser
import Foundation
import ReelCore
import ReelHTTP
import ReelQuality

/// `reel quality`: PSNR and SSIM of an existing package's video renditions against their source.
struct QualityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Measure a package's video renditions against their source (PSNR, SSIM) and write quality.json "
            + "and quality.svg.",
        discussion: """
            PACKAGE is a package directory (its master.m3u8 or manifest.mpd) or a manifest: an HLS \
            master or media playlist, or a DASH MPD, made by Reel or by another packager (ffmpeg \
            -f hls or -f dash, fMP4 or MPEG-TS segments). The source is decoded once and every \
            video rendition alongside it; each decoded picture is compared with the source picture \
            on screen at its time, scaled to the rendition's size (bicubic) — what `ffmpeg -i \
            RENDITION -i SOURCE -lavfi "[1:v]scale=W:H[ref];[0:v][ref]psnr"` measures. Each \
            stream's first picture is its time zero. No VMAF: Debian's FFmpeg has no libvmaf.

            quality.json holds, per rendition, its size, declared and measured bit rates, PSNR \
            (of the mean MSE, as ffmpeg's 'average') and SSIM, mean and worst frame, and the same \
            per segment; quality.svg is its rate–quality chart. They are written next to the \
            manifest unless --out names a directory.

            Examples:
              reel quality talk.mov out/
              reel quality talk.mov ffmpeg-out/master.m3u8 --out report/
              reel quality talk.mov dash/manifest.mpd --json

            Exit status: 0 success, 3 a source that does not match the package or cannot be read, \
            4 a PACKAGE that is not a package or manifest.
            """
    )

    @Argument(help: "The source the package was made from: path, file://, http(s)://, s3://BUCKET/KEY or data:.")
    var source: String

    @Argument(help: "The package: a directory, or its HLS master playlist or DASH MPD.")
    var package: String

    @Option(
        help: ArgumentHelp("Where quality.json and quality.svg go (default: next to the manifest).", valueName: "dir"))
    var out: String?

    @Flag(help: "Print quality.json on stdout instead of the table.")
    var json = false

    @Option(help: ArgumentHelp("S3 endpoint URL for an s3:// source (overrides AWS_ENDPOINT_URL).", valueName: "url"))
    var s3Endpoint: String?

    @Flag(name: .shortAndLong, help: "Log details, including FFmpeg's messages, to stderr.")
    var verbose = false

    func run() async throws {
        LogSetup.bootstrap(verbose: verbose)
        var options = MediaSourceOptions()
        options.s3.endpoint = s3Endpoint
        let analyzer = PackageQualityAnalyzer(source: source, package: package, options: options)
        let outcome: PackageQualityAnalyzer.Outcome
        do {
            outcome = try await analyzer.run(writingTo: out)
        } catch {
            throw CLIError(message: error.description, exitCode: ExitStatus.of(error)).exit
        }
        if json {
            FileHandle.standardOutput.write(try outcome.report.jsonData())
            return
        }
        let count = outcome.report.renditions.count
        print("\(package): \(count) video rendition\(count == 1 ? "" : "s") measured against \(source)")
        ProgressPrinter.printQuality(outcome.summary)
    }
}
