import Foundation
import ReelCore
import XCTest

@testable import ReelJobs

/// A finished job in a harness's store, with a small package on disk for the succeeded ones: a
/// master playlist of two video renditions and an audio rendition, a rendition's playlist and
/// segment, and a poster.
enum PackageFixture {
    /// The master playlist of the fixture package.
    static let master = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Main",DEFAULT=YES,AUTOSELECT=YES,URI="a128k/index.m3u8"
        #EXT-X-STREAM-INF:BANDWIDTH=829488,CODECS="avc1.64001e,mp4a.40.2",RESOLUTION=640x360,AUDIO="audio"
        v360p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=1324916,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=854x480,AUDIO="audio"
        v480p/index.m3u8
        #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=15284,CODECS="avc1.64001e",RESOLUTION=640x360,URI="v360p/iframes.m3u8"
        #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=25580,CODECS="avc1.64001f",RESOLUTION=854x480,URI="v480p/iframes.m3u8"

        """

    /// The bytes of `v360p/seg_00001.m4s`.
    static let segment = Data((0..<1000).map { UInt8($0 % 251) })

    /// The files of the package (relative path → bytes).
    static var files: [String: Data] {
        [
            "master.m3u8": Data(master.utf8),
            "v360p/index.m3u8": Data("#EXTM3U\n#EXTINF:2.0,\nseg_00001.m4s\n#EXT-X-ENDLIST\n".utf8),
            "v360p/seg_00001.m4s": segment,
            "poster.jpg": Data([0xFF, 0xD8, 0xFF, 0xD9]),
        ]
    }

    /// A spec for a job of a harness.
    static func spec(_ name: String = "talk", output: String? = nil) -> PackageJob {
        PackageJob(source: "s3://uploads/\(name).mp4", ladder: .preset("web"), output: output)
    }

    /// A job that succeeded with the fixture package written into `root` (its files listed in the
    /// result, as a worker lists them), or with a result saying it is at `destination`.
    static func succeeded(
        in harness: ServiceHarness, root: URL? = nil, destination: String? = nil, owner: String? = nil,
        listed: [String: Data]? = nil
    ) async throws -> Job {
        let files = listed ?? files
        let (job, _) = try await harness.store.enqueue(NewJob(spec: spec(), owner: owner))
        let output = root ?? harness.directory.appendingPathComponent("packages/\(job.id)")
        if destination == nil {
            for (path, data) in files {
                let url = output.appendingPathComponent(path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
        }
        let result = JobResult(
            output: destination ?? output.path, manifests: ["hls": "\(output.path)/master.m3u8"], contentID: "c1",
            recipe: "r1",
            renditions: [], bytes: files.values.reduce(0) { $0 + $1.count }, duration: 2, wallTime: 1,
            files: files.mapValues(\.count))
        return try await finish(job, in: harness, outcome: .succeeded(result))
    }

    /// A job that failed (or was cancelled, with `cancelled`).
    static func failed(in harness: ServiceHarness, owner: String? = nil, cancelled: Bool = false) async throws -> Job {
        let (job, _) = try await harness.store.enqueue(NewJob(spec: spec("broken"), owner: owner))
        if cancelled {
            let cancelled = try await harness.store.cancel(job.id)
            return try XCTUnwrap(cancelled)
        }
        return try await finish(
            job, in: harness, outcome: .failed(JobFailure(kind: "invalid_input", message: "broken.mp4: no video")))
    }

    /// Claims a queued job and ends the attempt.
    private static func finish(_ job: Job, in harness: ServiceHarness, outcome: JobOutcome) async throws -> Job {
        let claim = try await harness.store.claim(worker: "fixture", lease: 30)
        let claimed = try XCTUnwrap(claim)
        XCTAssertEqual(claimed.id, job.id, "the fixture claims the job it made")
        let finished = try await harness.store.finish(
            job.id, worker: "fixture", attempt: claimed.attempts, outcome: outcome)
        return try XCTUnwrap(finished)
    }
}
