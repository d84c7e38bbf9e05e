import Foundation
import ReelCore
import ReelMedia
import ReelOutput
import XCTest

final class ScratchOutput: MultiFileOutput, @unchecked Sendable {
    let root: URL
    let lock = NSLock()
    init(_ root: URL) { self.root = root }
    func write(_ data: Data, to relativePath: String, contentType: ContentType) throws {
        let url = root.appendingPathComponent(relativePath)
        try lock.withLock { try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true) }
        try data.write(to: url)
    }
    func makeWriter(for relativePath: String, contentType: ContentType) throws -> any OutputFileWriter { fatalError() }
    func finish() throws {}
    func abort() {}
}

final class ScratchTests: XCTestCase {
    func testScratch() async throws {
        let dir = URL(fileURLWithPath: "/tmp/scratch")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var clip = SampleClip()
        clip.width = 640; clip.height = 360; clip.duration = 8
        try clip.write(to: "/tmp/scratch-src.mp4")
        let ladder = Ladder(name: "t", video: VideoEncoderSettings(), rungs: [
            VideoRung(name: "360p", width: 640, height: 360, bitrate: 700_000, maxrate: 749_000, bufsize: 1_050_000),
            VideoRung(name: "180p", width: 320, height: 180, bitrate: 300_000, maxrate: 321_000, bufsize: 450_000),
        ], audio: [AudioRendition(name: "128k", bitrate: 128_000)])
        let packager = Packager(request: PackageRequest(source: "/tmp/scratch-src.mp4", ladder: ladder, segmentDuration: 4), output: ScratchOutput(dir))
        let t = Task { var n = 0; for await e in packager.events { n += 1; if case .progress = e {} else { print(e) } }; return n }
        let summary = try await packager.run()
        print(summary)
        print(await t.value)
    }
}
