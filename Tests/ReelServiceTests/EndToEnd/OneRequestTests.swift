import Foundation
import XCTest

@testable import ReelMedia

/// One request, every way in: the same JSON through `POST /v1/jobs` of a `reel serve` process and
/// through `reel package --job` makes the same package, with every option of the request in it.
final class OneRequestTests: XCTestCase {
    private func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reel-one-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }

    /// Every file under a directory, relative to it, hidden files left out.
    private func files(under directory: URL) -> [String] {
        let prefix = directory.resolvingSymlinksInPath().path + "/"
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        var names: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.resolvingSymlinksInPath().path
            names.append(path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path)
        }
        return names.sorted()
    }

    func testEveryOptionWorksTheSameThroughTheAPIAndTheCommandLine() async throws {
        let directory = try scratch()
        let media = directory.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        var clip = SampleClip()
        clip.width = 640
        clip.height = 360
        clip.duration = 9
        let source = media.appendingPathComponent("talk.mp4")
        try clip.write(to: source.path)
        let subtitles = media.appendingPathComponent("talk.fr.vtt")
        try Data("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nBonjour\n\n00:00:05.000 --> 00:00:07.000\nAu revoir\n".utf8)
            .write(to: subtitles)

        let request = """
            {"source": "\(source.path)",
             "ladder": {"name": "two", "video": {"codec": "h264", "preset": "ultrafast"},
                        "rungs": [{"name": "360p", "height": 360, "bitrate": "600k"},
                                  {"name": "180p", "height": 180, "bitrate": "200k"}],
                        "audio": [{"name": "64k", "bitrate": "64k"}]},
             "segment_duration": 4, "keyframe_interval": 2,
             "subtitles": [{"source": "file://\(subtitles.path)", "language": "fr", "name": "Français"}],
             "thumbnails": {"interval": 2, "width": 96}, "poster": 1.5, "output": "talk"}
            """

        // Through the service.
        let packages = directory.appendingPathComponent("packages")
        let server = try ServeProcess(
            [
                "serve", "--database", "sqlite:\(directory.path)/reel.db", "--output", packages.path,
                "--allow-source", media.path + "/",
            ], log: directory.appendingPathComponent("serve.log"))
        let created = try await server.request("POST", "/v1/jobs", json: request)
        XCTAssertEqual(created.status, 202, created.text)
        let id = try XCTUnwrap(created.json["id"] as? String)
        let job = try await server.waitForJob(id, timeout: 240) {
            ($0["status"] as? String).map { $0 != "queued" && $0 != "running" } ?? false
        }
        XCTAssertEqual(job["status"] as? String, "succeeded", "\(job)")
        server.kill()

        let served = packages.appendingPathComponent("talk")
        let servedFiles = files(under: served)
        // Exactly the two rungs of the inline ladder, the subtitle rendition, sprites and poster.
        XCTAssertEqual(
            Set(
                servedFiles.compactMap {
                    $0.split(separator: "/").count > 1 ? String($0.split(separator: "/")[0]) : nil
                }),
            ["v360p", "v180p", "a64k", "s-fr", "thumbnails"], "\(servedFiles)")
        XCTAssertTrue(servedFiles.contains("poster.jpg"))
        XCTAssertTrue(servedFiles.contains("thumbnails/thumbnails.vtt"))
        let master = try String(contentsOf: served.appendingPathComponent("master.m3u8"), encoding: .utf8)
        XCTAssertTrue(master.contains("TYPE=SUBTITLES"), master)
        XCTAssertTrue(master.contains("LANGUAGE=\"fr\""), master)
        XCTAssertEqual(master.components(separatedBy: "#EXT-X-STREAM-INF").count - 1, 2, master)
        let mpd = try String(contentsOf: served.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertTrue(mpd.contains("contentType=\"image\""), mpd)
        XCTAssertTrue(mpd.contains("contentType=\"text\""), mpd)
        for rung in ["v360p", "v180p", "a64k"] {
            let playlist = try String(
                contentsOf: served.appendingPathComponent("\(rung)/index.m3u8"), encoding: .utf8)
            let durations = playlist.split(separator: "\n").filter { $0.hasPrefix("#EXTINF:") }
                .compactMap { Double($0.dropFirst(8).split(separator: ",")[0]) }
            XCTAssertGreaterThanOrEqual(durations.count, 3, playlist)
            // Audio cuts on its own frame grid (1024 samples at 48 kHz), within one frame of the video's.
            let tolerance = rung.hasPrefix("a") ? 1024.0 / 48000 : 1e-6
            XCTAssertTrue(durations.allSatisfy { $0 <= 4.0 + tolerance }, "\(rung): \(durations)")
        }

        // The same JSON through the command line, into a directory of its own.
        let cliOutput = directory.appendingPathComponent("cli")
        let jobFile = directory.appendingPathComponent("job.json")
        try Data(request.utf8).write(to: jobFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ServeProcess.executable())
        process.arguments = ["package", "--job", jobFile.path, "--out", cliOutput.path, "--progress", "none"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, errorText)
        XCTAssertEqual(files(under: cliOutput), servedFiles)
    }

    func testAnInvalidInlineLadderIsRefusedNamingTheField() async throws {
        let directory = try scratch()
        let server = try ServeProcess(
            ["serve", "--database", "sqlite:\(directory.path)/reel.db", "--output", directory.path + "/out"],
            log: directory.appendingPathComponent("serve.log"))
        defer { server.kill() }
        let reply = try await server.request(
            "POST", "/v1/jobs",
            json:
                #"{"source":"s3://b/k.mp4","ladder":{"video":{"codec":"h264","preset":"fast"},"rungs":[{"name":"a","height":360,"bitrate":"fast"}]}}"#
        )
        XCTAssertEqual(reply.status, 400, reply.text)
        XCTAssertTrue(reply.text.contains("rungs[0].bitrate"), reply.text)
    }
}
