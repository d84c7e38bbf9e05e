import ArgumentParser
import Foundation
import ReelCore
import ReelHTTP

/// `reel probe`: a source's container and streams as JSON.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Print a source's container, duration and streams as JSON.",
        discussion: """
            SOURCE may be a path, file://, http(s)://, s3://BUCKET/KEY or a data: URI. Only the byte \
            ranges the demuxer needs are read (an MP4 index at the end costs one ranged read).

            Examples:
              reel probe talk.mp4
              reel probe https://example.com/talk.mp4 --content-id
              reel probe s3://media/uploads/talk.mov --s3-endpoint http://127.0.0.1:8080

            Exit status: 0 success, 3 unsupported or invalid input, 4 bad URI or settings, 75 transient.
            """
    )

    @Argument(help: "The source: path, file://, http(s)://, s3://BUCKET/KEY or data: URI.")
    var source: String

    @Flag(help: "Also compute the SHA-256 of the source bytes (reads the rest of the source once).")
    var contentID = false

    @Option(help: ArgumentHelp("S3 endpoint URL (overrides AWS_ENDPOINT_URL).", valueName: "url"))
    var s3Endpoint: String?

    func run() async throws {
        LogSetup.bootstrap(verbose: false)
        var options = MediaSourceOptions()
        options.s3.endpoint = s3Endpoint
        let report: ProbeReport
        do {
            report = try SourceProbe.probe(MediaSource(uri: source), contentID: contentID, options: options)
        } catch {
            throw CLIError(message: error.description, exitCode: ExitStatus.of(error)).exit
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(report)
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
