import ArgumentParser

/// The `reel` command line.
@main
struct Reel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reel",
        abstract: "Package media into adaptive-streaming VOD packages (HLS + DASH).",
        discussion: """
            Reel decodes a source once, encodes every rung of a ladder in parallel, and writes CMAF \
            segments referenced by an HLS master playlist and a DASH MPD.

            Start with:
              reel package --sample --out out/        package a generated 10 s test clip
              reel package movie.mp4 --out out/       package a file with the default 'web' ladder
              reel ladders                            list the ladder presets and their rungs
              reel probe s3://media/talk.mp4          container and stream facts as JSON
              reel frames talk.mp4 --at 1.5,10 --out thumbs/   the frames on screen at those times
              reel quality talk.mp4 out/              PSNR and SSIM of a package's renditions
              reel serve --api-token T --hook-secret S        the HTTP service: job API, upload hooks, workers
              reel worker --database postgres://…             more workers on other machines
            """,
        subcommands: [
            PackageCommand.self, ProbeCommand.self, FramesCommand.self, QualityCommand.self, LaddersCommand.self,
            ServeCommand.self, WorkerCommand.self,
        ]
    )
}
