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

    /// What ffmpeg's `psnr` and `ssim` filters say of a rendition against its source scaled to
    /// the rendition's size: `ffmpeg -i RENDITION -i SOURCE -lavfi "[1:v]scale=W:H[ref];[0:v][ref]psnr"`,
    /// the `average` PSNR (dB) and the `All` SSIM it logs at the end.
    /// - Parameters:
    ///   - rendition: A rendition file or manifest (absolute path).
    ///   - videoStream: Which video stream of it (a DASH MPD's Representation).
    ///   - source: The source.
    ///   - width: The rendition's width.
    ///   - height: The rendition's height.
    func quality(
        _ rendition: String, videoStream: Int = 0, source: String, width: Int, height: Int,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> (psnr: Double, ssim: Double) {
        func log(_ filter: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = [
                "-hide_banner", "-nostdin", "-i", rendition, "-i", source, "-lavfi",
                "[1:v]scale=\(width):\(height)[ref];[0:v:\(videoStream)][ref]\(filter)", "-f", "null", "-",
            ]
            let pipe = Pipe()
            process.standardError = pipe
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "ffmpeg \(filter) on \(rendition)", file: file, line: line)
            return text
        }
        func number(after key: String, in text: String) throws -> Double {
            let range = try XCTUnwrap(
                text.range(of: key, options: .backwards), "\(key) in \(text)", file: file, line: line)
            let digits = text[range.upperBound...].prefix { $0.isNumber || $0 == "." }
            return try XCTUnwrap(Double(digits), "\(key)\(digits)", file: file, line: line)
        }
        return (try number(after: "average:", in: try log("psnr")), try number(after: "All:", in: try log("ssim")))
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
