public import ArgumentParser
import Foundation
import ReelCore
import ReelHTTP
import ReelMedia
import ReelOutput

/// `reel frames`: the frames displayed at given times, as PNG or JPEG files plus `index.json`.
struct FramesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frames",
        abstract: "Extract the frames displayed at given times as PNG or JPEG images.",
        discussion: """
            For each time T, writes the frame on screen at T (the last frame whose presentation \
            time is ≤ T), upright, as frame_0000.png, frame_0001.png, … in the order given, plus \
            index.json mapping each file to its requested time and the frame's actual time. Times \
            are sorted internally and each keyframe block is decoded once, however many times fall \
            in it.

            Times: seconds (1.5, 10s), or [hh:]mm:ss[.ms] (1:02.5).

            Examples:
              reel frames talk.mp4 --at 1.5,3,10 --out thumbs/
              reel frames s3://media/talk.mp4 --every 10 --format jpeg --width 320 --out s3://media/talk/thumbs/
              reel frames https://example.com/talk.mp4 --at 0:30 --out poster.zip

            Exit status: 0 success, 3 not a video or unreadable, 4 a time outside the stream or bad \
            options, 75 transient.
            """
    )

    @Argument(help: "The source: path, file://, http(s)://, s3://BUCKET/KEY or data: URI.")
    var source: String

    @Option(help: ArgumentHelp("Comma-separated times, e.g. 1.5,3,10s or 1:02.5.", valueName: "times"))
    var at: String?

    @Option(help: ArgumentHelp("One frame every SECONDS from 0 to the end.", valueName: "seconds"))
    var every: Double?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Destination: a directory, NAME.zip, or s3://BUCKET/PREFIX/.", valueName: "dest"))
    var out: String

    @Option(help: ArgumentHelp("Image format: png or jpeg.", valueName: "png|jpeg"))
    var format: ImageFormat = .png

    @Option(help: ArgumentHelp("Output width in pixels (height keeps the aspect ratio).", valueName: "w"))
    var width: Int?

    @Option(help: ArgumentHelp("S3 endpoint URL (overrides AWS_ENDPOINT_URL).", valueName: "url"))
    var s3Endpoint: String?

    func validate() throws {
        if (at == nil) == (every == nil) { throw ValidationError("give exactly one of --at or --every") }
        if let every, !(every > 0) { throw ValidationError("--every needs a positive number of seconds") }
        if let at { _ = try Self.parseTimes(at) }
    }

    func run() async throws {
        LogSetup.bootstrap(verbose: false)
        var options = MediaSourceOptions()
        options.s3.endpoint = s3Endpoint
        let output: any MultiFileOutput
        do {
            output = try OutputDestination(parsing: out).makeOutput(s3: S3Options(endpoint: s3Endpoint))
        } catch {
            throw CLIError(message: "\(error)", exitCode: ExitStatus.permanent).exit
        }
        let run = FrameExport(
            source: MediaSource(uri: source), times: try at.map(Self.parseTimes), every: every, format: format,
            width: width, options: options, output: output)
        // FFmpeg work runs on its own thread, never on the concurrency pool.
        let result = await onThread("reel.frames") { run.execute() }
        switch result {
        case .success(let index):
            FileHandle.standardError.write(
                Data("reel: wrote \(index.frames.count) frame(s) and index.json to \(out)\n".utf8))
        case .failure(let error):
            throw CLIError(message: error.description, exitCode: ExitStatus.of(error)).exit
        }
    }

    /// Parses `1.5,3,10s,1:02.5`.
    static func parseTimes(_ text: String) throws -> [Double] {
        try text.split(separator: ",").map { part in
            var item = part.trimmingCharacters(in: .whitespaces)
            if item.hasSuffix("s") { item.removeLast() }
            var seconds = 0.0
            let fields = item.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...3).contains(fields.count) else { throw ValidationError("'\(part)' is not a time") }
            for field in fields {
                guard let value = Double(field), value >= 0, value.isFinite else {
                    throw ValidationError("'\(part)' is not a time (use seconds like 1.5 or mm:ss like 1:02.5)")
                }
                seconds = seconds * 60 + value
            }
            return seconds
        }
    }
}

extension ImageFormat: ExpressibleByArgument {
    init?(argument: String) {
        switch argument.lowercased() {
        case "png": self = .png
        case "jpeg", "jpg": self = .jpeg
        default: return nil
        }
    }
}
