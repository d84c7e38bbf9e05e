import Foundation
import ReelOutput
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// Generated clips and scratch directories shared by the integration tests.
enum TestMedia {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: String] = [:]

    /// A fresh empty directory that is removed when the test ends.
    static func scratchDirectory(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reel-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A generated clip (made once per process for each distinct description).
    /// - Parameters:
    ///   - name: File name, whose extension picks the container.
    ///   - configure: Adjusts the clip (size, rate, duration, audio…).
    static func clip(_ name: String, _ configure: (inout SampleClip) -> Void = { _ in }) throws -> String {
        var clip = SampleClip()
        clip.width = 640
        clip.height = 360
        clip.duration = 5
        configure(&clip)
        let key =
            "\(name)|\(clip.width)x\(clip.height)|\(clip.frameRate)|\(clip.duration)|\(clip.audioTracks)|"
            + "\(clip.hasVideo)|\(clip.rotation)|\(clip.videoEncoder)|\(clip.pixelFormat)|\(clip.gopSize)|"
            + "\(String(describing: clip.colorTransfer))|\(String(describing: clip.fieldOrder))|\(clip.sampleAspectRatio)|"
            + "\(clip.videoFilter ?? "")|\(clip.subtitles)|\(clip.subtitleCodec)|\(clip.closedCaptions)"
        return try lock.withLock {
            if let path = cache[key] { return path }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reel-clips-\(getpid())")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let path = dir.appendingPathComponent("\(cache.count)-\(name)").path
            try clip.write(to: path)
            cache[key] = path
            return path
        }
    }

    /// A small three-rung H.264 ladder with short segments, for fast tests.
    static func smallLadder(segment: Double = 2, keyframe: Double = 1) -> Ladder {
        Ladder(
            name: "test", summary: "test", segmentDuration: segment, keyframeInterval: keyframe,
            video: VideoEncoderSettings(preset: "ultrafast"),
            rungs: [
                VideoRung(name: "360p", width: 640, height: 360, bitrate: 600_000, maxrate: 642_000, bufsize: 900_000),
                VideoRung(name: "270p", width: 480, height: 270, bitrate: 400_000, maxrate: 428_000, bufsize: 600_000),
                VideoRung(name: "180p", width: 320, height: 180, bitrate: 200_000, maxrate: 214_000, bufsize: 300_000),
            ],
            audio: [AudioRendition(name: "128k", bitrate: 128_000)])
    }

    /// Packages a request into a directory and collects the events.
    static func package(_ request: PackageRequest, into directory: URL) async throws(ReelError) -> (
        PackageSummary, [ProgressEvent]
    ) {
        let output: DirectoryOutput
        do { output = try DirectoryOutput(directory: directory) } catch { throw .permanent("\(error)") }
        let packager = Packager(request: request, output: output)
        let collector = Task { await packager.events.reduce(into: [ProgressEvent]()) { $0.append($1) } }
        do {
            let summary = try await packager.run()
            return (summary, await collector.value)
        } catch {
            _ = await collector.value
            throw error
        }
    }

    /// Packages a source into a directory and collects the events.
    static func package(
        _ source: String, ladder: Ladder, into directory: URL, formats: Set<ManifestFormat> = [.hls, .dash]
    ) async throws(ReelError) -> (PackageSummary, [ProgressEvent]) {
        let output: DirectoryOutput
        do { output = try DirectoryOutput(directory: directory) } catch { throw .permanent("\(error)") }
        let packager = Packager(
            request: PackageRequest(source: source, ladder: ladder, formats: formats), output: output)
        let collector = Task { await packager.events.reduce(into: [ProgressEvent]()) { $0.append($1) } }
        do {
            let summary = try await packager.run()
            return (summary, await collector.value)
        } catch {
            _ = await collector.value
            throw error
        }
    }
}

/// Reads the segment list of an HLS media playlist.
struct MediaPlaylist {
    var targetDuration = 0
    var map: String?
    var segments: [(duration: Double, uri: String)] = []

    init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        var pending: Double?
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("#EXT-X-TARGETDURATION:") {
                targetDuration = Int(line.dropFirst("#EXT-X-TARGETDURATION:".count)) ?? 0
            } else if line.hasPrefix("#EXT-X-MAP:URI=\"") {
                map = String(line.dropFirst("#EXT-X-MAP:URI=\"".count).dropLast())
            } else if line.hasPrefix("#EXTINF:") {
                pending = Double(line.dropFirst("#EXTINF:".count).split(separator: ",")[0])
            } else if !line.hasPrefix("#"), let duration = pending {
                segments.append((duration, line))
                pending = nil
            }
        }
    }
}
