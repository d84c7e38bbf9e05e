import Foundation
import XCTest

@testable import ReelMedia

/// Reads subtitle renditions back the way players do, independently of Reel's own parsers.
enum SubtitleReadback {
    /// A cue as a viewer sees it: seconds after the video's first frame, and its plain text.
    struct Cue: Equatable, CustomStringConvertible {
        var start: Double
        var end: Double
        var text: String

        var description: String { String(format: "%.3f-%.3f %@", start, end, text) }
    }

    /// The first presentation time (seconds) of a media file, as its demuxer reports it.
    static func firstVideoTime(_ path: String) throws -> Double {
        let packets = try MediaInspector.packets(path, kinds: [.video]).packets
        return try XCTUnwrap(packets.prefix(16).map(\.time).min(), "no video packets in \(path)")
    }

    /// The first presentation time of a video rendition's first segment (the init segment joined for fMP4).
    static func firstVideoTime(rendition directory: URL) throws -> Double {
        let playlist = try MediaPlaylist(contentsOf: directory.appendingPathComponent("index.m3u8"))
        var bytes = Data()
        if let map = playlist.map { bytes += try Data(contentsOf: directory.appendingPathComponent(map)) }
        bytes += try Data(contentsOf: directory.appendingPathComponent(try XCTUnwrap(playlist.segments.first).uri))
        let joined = FileManager.default.temporaryDirectory
            .appendingPathComponent("reel-first-\(UUID().uuidString).\(playlist.map == nil ? "ts" : "mp4")")
        try bytes.write(to: joined)
        defer { try? FileManager.default.removeItem(at: joined) }
        return try firstVideoTime(joined.path)
    }

    /// The cues of an HLS WebVTT rendition: every segment parsed, `X-TIMESTAMP-MAP` applied (cue time
    /// − LOCAL + MPEGTS / 90000), made relative to the video's first PTS; repeated cues counted once.
    /// - Returns: The cues and the number of segments each cue appeared in.
    static func hlsCues(playlist: URL, videoStart: Double) throws -> (cues: [Cue], appearances: [Int]) {
        let directory = playlist.deletingLastPathComponent()
        var cues: [Cue] = []
        var appearances: [Int] = []
        for segment in try MediaPlaylist(contentsOf: playlist).segments {
            let text = try String(contentsOf: directory.appendingPathComponent(segment.uri), encoding: .utf8)
            let lines = text.components(separatedBy: "\n")
            XCTAssertEqual(lines.first, "WEBVTT", segment.uri)
            let map = try XCTUnwrap(lines.first { $0.hasPrefix("X-TIMESTAMP-MAP=") }, "\(segment.uri) has no map")
            var mpegTS = 0.0
            var local = 0.0
            for part in map.dropFirst("X-TIMESTAMP-MAP=".count).split(separator: ",") {
                if part.hasPrefix("MPEGTS:") { mpegTS = Double(part.dropFirst(7)) ?? .nan }
                if part.hasPrefix("LOCAL:") { local = try seconds(part.dropFirst(6)) }
            }
            var index = 0
            while index < lines.count {
                guard lines[index].contains("-->") else {
                    index += 1
                    continue
                }
                let times = lines[index].components(separatedBy: "-->")
                let start = try seconds(times[0].trimmingCharacters(in: .whitespaces)[...])
                let end = try seconds(times[1].trimmingCharacters(in: .whitespaces).split(separator: " ")[0])
                var payload: [String] = []
                index += 1
                while index < lines.count, !lines[index].isEmpty {
                    payload.append(lines[index])
                    index += 1
                }
                let shift = mpegTS / 90_000 - local - videoStart
                let cue = Cue(start: start + shift, end: end + shift, text: plain(payload.joined(separator: "\n")))
                if let seen = cues.firstIndex(of: cue) {
                    appearances[seen] += 1
                } else {
                    cues.append(cue)
                    appearances.append(1)
                }
            }
        }
        return (cues, appearances)
    }

    /// The cues of a DASH WebVTT-in-MP4 rendition (init + segments joined and demuxed by libavformat):
    /// each sample's `vttc` payloads, consecutive samples of one cue merged, relative to the video's start.
    /// Samples tile the timeline, so each lasts until the next; the last one until `end` (relative).
    static func dashCues(rendition directory: URL, videoStart: Double, end mediaEnd: Double) throws -> [Cue] {
        var bytes = try Data(contentsOf: directory.appendingPathComponent("init.mp4"))
        let segments = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".m4s") }.sorted()
        for segment in segments { bytes += try Data(contentsOf: directory.appendingPathComponent(segment)) }
        let joined = FileManager.default.temporaryDirectory.appendingPathComponent("reel-wvtt-\(UUID().uuidString).mp4")
        try bytes.write(to: joined)
        defer { try? FileManager.default.removeItem(at: joined) }
        let (streams, packets) = try MediaInspector.packets(joined.path, kinds: [.data, .subtitle])
        XCTAssertEqual(streams.count, 1)
        var cues: [Cue] = []
        var open: [String: Int] = [:]
        var previousEnd = -1.0
        let sorted = packets.sorted { $0.time < $1.time }
        for (index, packet) in sorted.enumerated() {
            let start = packet.time - videoStart
            let end = index + 1 < sorted.count ? sorted[index + 1].time - videoStart : mediaEnd
            var showing: [String: Int] = [:]
            for payload in vttcPayloads(packet.data) {
                if let index = open[payload], abs(cues[index].end - start) < 1e-6, abs(previousEnd - start) < 1e-6 {
                    cues[index].end = end
                    showing[payload] = index
                } else {
                    cues.append(Cue(start: start, end: end, text: plain(payload)))
                    showing[payload] = cues.count - 1
                }
            }
            open = showing
            previousEnd = end
        }
        return cues
    }

    /// Asserts two cue lists match within `tolerance` seconds.
    static func assertMatch(
        _ actual: [Cue], _ expected: [Cue], tolerance: Double = 0.001, _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(actual.count, expected.count, "\(message): \(actual) vs \(expected)", file: file, line: line)
        for (got, want) in zip(actual, expected) {
            XCTAssertEqual(got.text, want.text, message, file: file, line: line)
            XCTAssertEqual(
                got.start, want.start, accuracy: tolerance, "\(message): start of \(want)", file: file, line: line)
            XCTAssertEqual(got.end, want.end, accuracy: tolerance, "\(message): end of \(want)", file: file, line: line)
        }
    }

    private static func vttcPayloads(_ data: [UInt8]) -> [String] {
        var payloads: [String] = []
        var offset = 0
        func size(at position: Int) -> Int { data[position..<position + 4].reduce(0) { $0 << 8 | Int($1) } }
        while offset + 8 <= data.count {
            let boxSize = size(at: offset)
            guard boxSize >= 8, offset + boxSize <= data.count else { break }
            if String(decoding: data[offset + 4..<offset + 8], as: UTF8.self) == "vttc" {
                var inner = offset + 8
                while inner + 8 <= offset + boxSize {
                    let innerSize = size(at: inner)
                    guard innerSize >= 8 else { break }
                    if String(decoding: data[inner + 4..<inner + 8], as: UTF8.self) == "payl" {
                        payloads.append(String(decoding: data[inner + 8..<inner + innerSize], as: UTF8.self))
                    }
                    inner += innerSize
                }
            }
            offset += boxSize
        }
        return payloads
    }

    /// `HH:MM:SS.mmm` or `MM:SS.mmm` in seconds.
    static func seconds(_ text: Substring) throws -> Double {
        let parts = text.split(separator: ":").map { Double($0) }
        guard parts.allSatisfy({ $0 != nil }), (2...3).contains(parts.count) else {
            throw XCTSkip("unreadable timestamp \(text)")
        }
        return parts.compactMap { $0 }.reduce(0) { $0 * 60 + $1 }
    }

    /// Markup removed and the three entities decoded.
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
