import Foundation
import XCTest

@testable import ReelEncryption

/// Compares `SliceHeaderParser` with FFmpeg's `trace_headers` on a file: every slice's header size in bits, and
/// the clear byte counts that follow from it.
struct SliceHeaderOracle {
    /// The temporary folder for made streams and traces.
    let folder: URL

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg") else {
            throw XCTSkip("no ffmpeg CLI at /usr/bin/ffmpeg")
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("slice-headers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func removeFolder() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs ffmpeg.
    /// - Returns: What it wrote to standard error.
    @discardableResult
    func ffmpeg(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let log = folder.appendingPathComponent("ffmpeg-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-hide_banner", "-nostdin", "-y"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = String(decoding: try Data(contentsOf: log), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            XCTFail(
                "ffmpeg \(arguments.joined(separator: " ")) failed:\n\(text.suffix(2000))", file: file, line: line)
            throw CancellationError()
        }
        // FFmpeg goes on after a unit it could not read; its trace of that unit stops where the reading did.
        for failure in ["Failed to read unit", "Error applying bitstream filters"] where text.contains(failure) {
            XCTFail("ffmpeg \(arguments.joined(separator: " ")): \(failure)", file: file, line: line)
        }
        return text
    }

    /// Makes a 1 s test stream.
    /// - Parameters:
    ///   - name: The file name.
    ///   - encoder: ffmpeg's encoding options (codec, its parameters, pixel format…).
    ///   - filter: A filter after the test source (fades make encoders weight their predictions).
    /// - Returns: The file's path.
    func make(
        _ name: String, _ encoder: [String], size: String = "320x192", filter: String? = nil, seconds: String = "1",
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try ffmpeg(
            ["-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=\(size):rate=25", "-t", seconds]
                + (filter.map { ["-vf", $0] } ?? []) + encoder + ["-an", path], file: file, line: line)
        return path
    }

    /// Copies the first video stream of a file into MP4 (Annex B sources become length-prefixed samples; their
    /// in-band parameter sets stay in the samples).
    func remux(_ source: String, as name: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try ffmpeg(
            ["-loglevel", "error", "-i", source, "-map", "0:v:0", "-c", "copy", "-f", "mp4", path], file: file,
            line: line)
        return path
    }

    /// What one comparison covered.
    struct Report: CustomStringConvertible {
        var name: String
        var samples = 0
        var slices = 0
        /// The syntax elements the trace shows in the compared slice headers.
        var elements: Set<String> = []

        var description: String { "\(name): \(slices) slices in \(samples) samples" }
    }

    /// Parses every sample of a file's first video stream and compares each slice header with the trace.
    /// - Returns: What was compared.
    @discardableResult
    func compare(_ path: String, name: String, file: StaticString = #filePath, line: UInt = #line) throws -> Report {
        let video = try VideoSamples(path: path)
        let codec: NALCodec
        switch video.codecName {
        case "h264": codec = .h264
        case "hevc": codec = .hevc
        default: throw XCTSkip("\(name): \(video.codecName) is neither H.264 nor HEVC")
        }
        let trace = HeaderTrace(
            try ffmpeg(
                [
                    "-loglevel", "info", "-nostats", "-copyts", "-i", path, "-map", "0:v:0", "-c", "copy", "-bsf:v",
                    "trace_headers",
                    "-f", "null", "-",
                ], file: file, line: line))
        var parser = try SliceHeaderParser(codec: codec, configuration: video.configuration)
        let isSlice: (HeaderTrace.Unit) -> Bool = { codec == .h264 ? [1, 5].contains($0.type) : $0.type < 32 }
        var report = Report(name: name, samples: video.samples.count)
        report.elements = trace.elementNames(where: isSlice)
        var next = 0
        for (number, traced) in trace.packets.enumerated() {
            // ffmpeg may leave out packets (leading non-keyframes): find the sample this packet is.
            guard
                let index = video.samples[next...].firstIndex(where: {
                    $0.bytes.count == traced.size && $0.pts == traced.pts
                })
            else {
                XCTFail(
                    "\(name): traced packet \(number) (\(traced.size) bytes) is not a sample", file: file, line: line)
                return report
            }
            for skipped in video.samples[next..<index] { _ = try? parser.nalUnits(inSample: skipped.bytes[...]) }
            next = index + 1
            let sample = video.samples[index].bytes
            let spans = try parser.nalUnits(inSample: sample[...])
            var headers: [Int] = []
            for span in spans {
                let nal = sample[(span.offset + parser.lengthSize)..<(span.offset + span.length)]
                guard let bits = try parser.headerBits(ofNAL: nal) else {
                    XCTAssertEqual(span.clearBytes, span.length, "\(name): a unit that is not a slice stays clear")
                    continue
                }
                headers.append(bits)
                // The clear bytes hold the header's RBSP bytes, and one stored byte fewer would not.
                let clear = span.clearBytes - parser.lengthSize
                XCTAssertGreaterThanOrEqual(
                    EmulationPrevention.rbsp(of: nal, limit: clear).count * 8, bits, name, file: file, line: line)
                XCTAssertLessThan(
                    EmulationPrevention.rbsp(of: nal, limit: clear - 1).count * 8, bits, name, file: file, line: line)
            }
            let expected = traced.units.filter(isSlice).map(\.sliceHeaderEnd)
            XCTAssertEqual(
                headers, expected, "\(name): slice header bits of sample \(index) (packet \(number))", file: file,
                line: line)
            report.slices += expected.count
        }
        XCTAssertGreaterThan(report.slices, 0, "\(name): no slices compared", file: file, line: line)
        return report
    }

    /// Writes NAL units as an Annex B elementary stream, runs it through the trace and compares the slice headers
    /// in order (the trace's packets are whatever FFmpeg's parser makes of the stream).
    /// - Returns: How many slices were compared.
    @discardableResult
    func compare(
        units: [[UInt8]], codec: NALCodec, name: String, file: StaticString = #filePath, line: UInt = #line
    ) throws -> Int {
        // A first frame from a real encoder gives FFmpeg the stream's dimensions (it cannot decode the rest).
        let format = codec == .h264 ? "h264" : "hevc"
        let lead = folder.appendingPathComponent("lead.\(format)")
        try ffmpeg(
            [
                "-loglevel", "error", "-f", "lavfi", "-i", "color=size=64x64", "-frames:v", "1", "-c:v",
                codec == .h264 ? "libx264" : "libx265", "-bsf:v", "\(format)_mp4toannexb", "-f", format, lead.path,
            ] + (codec == .hevc ? ["-x265-params", "log-level=error"] : []), file: file, line: line)
        let units = Self.annexBUnits(Array(try Data(contentsOf: lead))) + units
        let path = folder.appendingPathComponent("\(name).\(format)")
        try Data(units.flatMap { [0, 0, 0, 1] + $0 }).write(to: path)
        let trace = HeaderTrace(
            try ffmpeg(
                [
                    "-loglevel", "info", "-nostats", "-f", format, "-i", path.path, "-c",
                    "copy", "-bsf:v", "trace_headers", "-f", "null", "-",
                ], file: file, line: line))
        let traced = trace.packets.flatMap(\.units).filter {
            codec == .h264 ? [1, 5].contains($0.type) : $0.type < 32
        }.map(\.sliceHeaderEnd)
        // An empty record: the stream carries its parameter sets.
        let record: [UInt8] =
            codec == .h264 ? [1, 100, 0, 40, 0xFF, 0xE0, 0] : [1] + Array(repeating: 0, count: 20) + [3, 0]
        var parser = try SliceHeaderParser(codec: codec, configuration: record)
        var mine: [Int] = []
        var emulated = 0
        for unit in units {
            guard let bits = try parser.headerBits(ofNAL: unit[...]) else { continue }
            mine.append(bits)
            // The clear bytes hold the header's RBSP bytes, and one stored byte fewer would not.
            let clear = try parser.clearBytes(ofNAL: unit[...])
            XCTAssertGreaterThanOrEqual(EmulationPrevention.rbsp(of: unit[...], limit: clear).count * 8, bits)
            XCTAssertLessThan(EmulationPrevention.rbsp(of: unit[...], limit: clear - 1).count * 8, bits)
            if clear > (bits + 7) / 8 { emulated += 1 }
        }
        XCTAssertEqual(mine, traced, "\(name): slice header bits", file: file, line: line)
        if codec == .hevc {
            XCTAssertGreaterThan(emulated, 0, "\(name): no header with emulation prevention", file: file, line: line)
        }
        XCTAssertFalse(traced.isEmpty, "\(name): the trace shows no slices", file: file, line: line)
        return traced.count
    }

    /// The NAL units of an Annex B stream.
    static func annexBUnits(_ stream: [UInt8]) -> [[UInt8]] {
        var units: [[UInt8]] = []
        var start: Int?
        var i = 0
        while i + 2 < stream.count {
            if stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1 {
                if let start { units.append(Array(stream[start..<i]).trimmingTrailingZeros) }
                i += 3
                start = i
            } else {
                i += 1
            }
        }
        if let start { units.append(Array(stream[start...])) }
        return units
    }
}

extension [UInt8] {
    /// The bytes without the zeros a four-byte start code leaves before the next unit.
    fileprivate var trimmingTrailingZeros: [UInt8] {
        var end = count
        while end > 0 && self[end - 1] == 0 { end -= 1 }
        return Array(self[..<end])
    }
}
