import Foundation
import ReelMedia

/// Reads a subtitle sidecar file given by reference (path, URL, `s3://`, `data:`).
///
/// WebVTT and SubRip are parsed by Reel (any common encoding, errors naming the line); other
/// formats (ASS/SSA, and whatever else libavformat reads, such as SAMI or MicroDVD) go through
/// FFmpeg's demuxers and decoders. TTML needs a TTML demuxer, which FFmpeg 5.1 lacks.
enum SubtitleSidecar {
    /// Files larger than this are not subtitles.
    static let maximumSize = 32 << 20

    /// The formats a sidecar can be in.
    enum Format: Equatable {
        case webVTT
        case subRip
        /// Read through libavformat.
        case libavformat
        case ttml
    }

    /// Reads and parses a sidecar.
    /// - Parameters:
    ///   - input: The file and how to present it.
    ///   - options: Network and S3 settings for remote files.
    /// - Returns: The parsed document (cues with times as written), nil for an empty file, and
    ///   warnings (encoding guessed, empty file, …).
    /// - Throws: `ReelError`: invalid input naming the file and line for a malformed file,
    ///   unsupported for an unknown format, and the usual errors for a file that cannot be read.
    static func load(_ input: SubtitleInput, options: MediaSourceOptions) throws(ReelError) -> (
        document: SubtitleDocument?, warnings: [String]
    ) {
        let source = MediaSource(uri: input.uri)
        let name = source.description
        let bytes = try read(source, options: options)
        var warnings: [String] = []
        let decoded: SubtitleText
        do {
            decoded = try SubtitleText(decoding: bytes, file: name)
        } catch {
            throw error.reelError
        }
        if let warning = decoded.warning { warnings.append(warning) }
        guard !decoded.text.allSatisfy(\.isWhitespace) else {
            warnings.append("\(name): empty subtitle file; no subtitle track made from it")
            return (nil, warnings)
        }
        var document: SubtitleDocument
        do throws(SubtitleError) {
            switch format(of: decoded.text, uri: input.uri) {
            case .webVTT: document = try WebVTTParser.parse(decoded.text, file: name)
            case .subRip: document = try SubRipParser.parse(decoded.text, file: name)
            case .libavformat: document = try readWithFFmpeg(Array(decoded.text.utf8), name: name)
            case .ttml:
                throw .unsupportedFormat(
                    file: name,
                    reason: "TTML/IMSC1 needs a TTML demuxer, which this FFmpeg (5.1) does not have; "
                        + "convert it to WebVTT or SRT")
            }
        } catch {
            throw error.reelError
        }
        warnings += document.warnings
        document.warnings = []
        if document.cues.isEmpty {
            warnings.append("\(name): no cues; no subtitle track made from it")
            return (nil, warnings)
        }
        return (document, warnings)
    }

    /// Picks the parser: WebVTT by its header or extension, SubRip by extension or by a first
    /// block of a number and a timing line, TTML by its root element, else libavformat.
    static func format(of text: String, uri: String) -> Format {
        let path = uri.split(separator: "?").first.map(String.init) ?? uri
        let fileExtension = path.split(separator: "/").last?.split(separator: ".").dropFirst().last?.lowercased()
        let start = text.drop { $0.isWhitespace }
        if start.hasPrefix("WEBVTT") || fileExtension == "vtt" || fileExtension == "webvtt" { return .webVTT }
        if fileExtension == "srt" { return .subRip }
        let lines = start.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        if let first = lines.first,
            first.contains("-->")
                || (first.allSatisfy { $0.isNumber || $0 == " " } && lines.count > 1 && lines[1].contains("-->"))
        {
            return .subRip
        }
        if ["ttml", "dfxp"].contains(fileExtension) || (start.hasPrefix("<") && start.prefix(2048).contains("<tt")) {
            return .ttml
        }
        return .libavformat
    }

    /// Reads the file's bytes (capped at `maximumSize`).
    private static func read(_ source: MediaSource, options: MediaSourceOptions) throws(ReelError) -> [UInt8] {
        try source.readAll(options: options, limit: maximumSize, what: "a subtitle file")
    }

    /// ASS/SSA and other formats libavformat reads: the first text subtitle stream, decoded.
    private static func readWithFFmpeg(_ utf8: [UInt8], name: String) throws(SubtitleError) -> SubtitleDocument {
        FFmpegLog.installIfNeeded()
        let demuxer: Demuxer
        do {
            demuxer = try Demuxer(reading: DataByteSource(bytes: Data(utf8)), name: name)
        } catch {
            throw .unsupportedFormat(file: name, reason: "not WebVTT, SRT or a subtitle format FFmpeg reads")
        }
        guard
            let stream = demuxer.streams.first(where: { SubtitleDecoder.canDecode($0, container: demuxer.formatName) })
        else {
            throw .unsupportedFormat(file: name, reason: "no text subtitles in it (\(demuxer.formatName))")
        }
        var events: [SubtitleEvent] = []
        var header: String?
        var failures = 0
        do {
            let decoder = try SubtitleDecoder(demuxer: demuxer, streamIndex: stream.index)
            header = decoder.header
            demuxer.discardAll(except: [stream.index])
            while let packet = try demuxer.read() {
                guard packet.streamIndex == stream.index else { continue }
                do { events += try decoder.decode(packet) } catch { failures += 1 }
            }
        } catch {
            throw .unsupportedFormat(file: name, reason: "\(error)")
        }
        // The ASS demuxer keeps each event's fields as the script's Format line lists them.
        let cues = SubtitleEvents.cues(events, header: header, zero: 0, scriptFields: demuxer.formatName == "ass")
        var document = SubtitleDocument(cues: cues)
        if failures > 0 {
            document.warnings.append("\(name): \(failures) event(s) could not be decoded and were dropped")
        }
        return document
    }
}
