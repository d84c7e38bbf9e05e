import Foundation
import XCTest

/// The ffmpeg CLI, to make fragmented inputs and to decrypt what Reel encrypted.
struct FFmpegRunner {
    let path: String

    /// The installed ffmpeg; skips the test when there is none.
    static func required() throws -> FFmpegRunner {
        guard
            let found = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("no ffmpeg CLI") }
        return FFmpegRunner(path: found)
    }

    /// Runs ffmpeg quietly.
    /// - Parameter input: A file to give it as standard input (read with `-i pipe:0`, so it cannot seek).
    /// - Returns: Exit status and standard output.
    @discardableResult
    func run(_ arguments: [String], input: String? = nil) throws -> (status: Int32, output: [UInt8]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-hide_banner", "-loglevel", "error"] + (input == nil ? ["-nostdin"] : []) + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        if let input { process.standardInput = FileHandle(forReadingAtPath: input) }
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, Array(data))
    }

    /// The MD5 of a packet's data in a `framemd5` line: its sixth field (side data, such as the
    /// `pssh` boxes a decrypting demuxer attaches to the first packet, follows it).
    static func dataHash(_ line: Substring) -> String {
        let fields = line.split(separator: ",")
        return fields.count > 5 ? fields[5].trimmingCharacters(in: .whitespaces) : String(line)
    }

    /// The MD5 of each packet (`copy`) or decoded frame of a file's only stream, read through a pipe.
    func hashes(_ file: String, decryptionKey: String? = nil, decode: Bool) throws -> (status: Int32, hashes: [String])
    {
        var arguments = decryptionKey.map { ["-decryption_key", $0] } ?? []
        arguments += ["-i", "pipe:0", "-map", "0"] + (decode ? [] : ["-c", "copy"]) + ["-f", "framemd5", "-"]
        let (status, output) = try run(arguments, input: file)
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("#") }
        return (status, lines.map(Self.dataHash))
    }
}
