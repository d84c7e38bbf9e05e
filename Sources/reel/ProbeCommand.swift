import ArgumentParser
import Foundation
import ReelCore
import ReelHTTP

/// `reel probe`: a source's container and streams as JSON (or text).
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Print a source's container, duration, streams and keyframes as JSON (or text).",
        discussion: """
            SOURCE may be a path, file://, http(s)://, s3://BUCKET/KEY or a data: URI.

            Every video stream's keyframes are summarized from one pass over the source's packets \
            (demuxed, never decoded): how many, the first 8 times, the shortest, median and longest \
            interval between consecutive keyframes and whether it is constant (a fixed GOP). A \
            keyframe is a packet the container flags as one; its time is the packet's presentation \
            time in seconds from the source's first picture, where `reel package --package-only` \
            places it: renditions encoded elsewhere line up when these times match. --no-keyframes \
            skips the pass: only the byte ranges the demuxer needs for the headers are read (an MP4 \
            index at the end costs one ranged read).

            Examples:
              reel probe talk.mp4
              reel probe talk_1080p.mp4 --text
              reel probe https://example.com/talk.mp4 --content-id --no-keyframes
              reel probe s3://media/uploads/talk.mov --s3-endpoint http://127.0.0.1:8080

            Exit status: 0 success, 3 unsupported or invalid input, 4 bad URI or settings, 75 transient.
            """
    )

    @Argument(help: "The source: path, file://, http(s)://, s3://BUCKET/KEY or data: URI.")
    var source: String

    @Flag var format: ProbeFormat = .json

    @Flag(help: "Also compute the SHA-256 of the source bytes (reads the rest of the source once).")
    var contentID = false

    @Flag(
        inversion: .prefixedNo,
        help: "Summarize each video stream's keyframes (reads every packet of the source once, without decoding).")
    var keyframes = true

    @Option(help: ArgumentHelp("S3 endpoint URL (overrides AWS_ENDPOINT_URL).", valueName: "url"))
    var s3Endpoint: String?

    func run() async throws {
        LogSetup.bootstrap(verbose: false)
        var options = MediaSourceOptions()
        options.s3.endpoint = s3Endpoint
        let report: ProbeReport
        do {
            report = try SourceProbe.probe(
                MediaSource(uri: source), contentID: contentID, keyframes: keyframes, options: options)
        } catch {
            throw CLIError(message: error.description, exitCode: ExitStatus.of(error)).exit
        }
        if format == .text {
            FileHandle.standardOutput.write(Data((report.text + "\n").utf8))
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(report)
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}

/// `reel probe --json` / `--text`.
enum ProbeFormat: String, EnumerableFlag {
    case json
    case text

    static func help(for value: ProbeFormat) -> ArgumentHelp? {
        switch value {
        case .json: "Print the report as JSON."
        case .text: "Print the container on one line and one line per stream."
        }
    }
}
