import Foundation
import XCTest

/// The ffmpeg program, for tests that make inputs the way other encoders do and that read back
/// what Reel wrote. Reel itself never runs it.
struct FFmpegCLI {
    let path: String

    /// The installed ffmpeg; skips the test when there is none.
    static func required() throws -> FFmpegCLI {
        guard
            let found = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("no ffmpeg CLI to encode the inputs") }
        return FFmpegCLI(path: found)
    }

    /// Runs ffmpeg (or, with `program`, ffprobe next to it) quietly, failing the test when it fails.
    /// - Returns: What it wrote to standard output.
    @discardableResult
    func run(
        _ arguments: [String], program: String = "ffmpeg", file: StaticString = #filePath, line: UInt = #line
    ) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(program)
        process.arguments =
            ["-hide_banner", "-loglevel", "error"] + (program == "ffmpeg" ? ["-nostdin"] : []) + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, arguments.joined(separator: " "), file: file, line: line)
        return Array(data)
    }

    /// The MD5 of every decoded frame of the first video stream, in order.
    /// - Parameter inputOptions: Options for the input (`-decryption_key`, …).
    func frameHashes(_ path: String, inputOptions: [String] = []) throws -> [String] {
        let text = String(
            decoding: try run(inputOptions + ["-i", path, "-map", "0:v:0", "-f", "framemd5", "-"]), as: UTF8.self)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap {
            $0.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// The presentation times of the first video stream's keyframes, to the millisecond, ascending.
    func keyframeTimes(_ path: String) throws -> [Double] {
        let text = String(
            decoding: try run(
                [
                    "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", path,
                ], program: "ffprobe"), as: UTF8.self)
        return text.split(separator: "\n").compactMap { line -> Double? in
            let fields = line.split(separator: ",")
            guard fields.count >= 2, fields[1].hasPrefix("K"), let time = Double(fields[0]) else { return nil }
            return (time * 1000).rounded() / 1000
        }.sorted()
    }
}
