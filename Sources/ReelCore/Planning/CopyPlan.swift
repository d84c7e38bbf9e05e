import ReelManifest
import ReelMedia

/// What a package-only run makes: one rendition per video and audio stream of its inputs, each
/// copied as it is (no decode, no encode), named as transcoded renditions are (`v1080p`,
/// `a128k`, collisions resolved with `-2`, `-3`).
///
/// Planning reads only the inputs' headers and refuses, naming the stream, what HLS and DASH
/// cannot carry without a re-encode.
struct CopyPlan {
    /// One copied stream.
    struct Rendition {
        /// The input's position in the request.
        let input: Int
        /// The input's reference, for messages.
        let source: String
        let stream: StreamInfo
        let codec: CodecParameters
        let id: String
        let language: String?
        let name: String
        let isDefault: Bool

        var kind: MediaKind { stream.kind == .video ? .video : .audio }
    }

    /// Codecs HLS and DASH carry in fMP4 and MPEG-TS, as FFmpeg names them.
    static let videoCodecs: Set = ["h264", "hevc"]
    static let audioCodecs: Set = ["aac", "ac3", "eac3"]

    let renditions: [Rendition]
    /// Streams left out (subtitles, data, cover art), one line each.
    let warnings: [String]

    /// - Parameters:
    ///   - inputs: The inputs with their open demuxers, in request order.
    /// - Throws: `ReelError.unsupportedFormat` for a stream that cannot be copied,
    ///   `.invalidInput` when the inputs have no video or audio at all.
    init(inputs: [(input: MediaInput, demuxer: Demuxer)]) throws {
        var renditions: [Rendition] = []
        var warnings: [String] = []
        var ids = UniqueIDs()
        var defaultAudioTaken = false
        for (position, (input, demuxer)) in inputs.enumerated() {
            for stream in demuxer.streams {
                switch stream.kind {
                case .video where stream.isAttachedPicture:
                    warnings.append("\(input.source): stream #\(stream.index): cover art left out")
                    continue
                case .video:
                    guard Self.videoCodecs.contains(stream.codecName) else {
                        throw ReelError.unsupportedFormat(
                            source: input.source,
                            reason: "stream #\(stream.index): \(stream.codecName) video cannot be packaged as it is "
                                + "(HLS and DASH take H.264 or HEVC); package it without --package-only to re-encode")
                    }
                    renditions.append(
                        Rendition(
                            input: position, source: input.source, stream: stream,
                            codec: try Self.parameters(demuxer, stream, source: input.source),
                            id: ids.claim("v\(stream.height)p"), language: nil, name: "", isDefault: false))
                case .audio where stream.channels > 0:
                    guard Self.audioCodecs.contains(stream.codecName) else {
                        throw ReelError.unsupportedFormat(
                            source: input.source,
                            reason: "stream #\(stream.index): \(stream.codecName) audio cannot be packaged as it is "
                                + "(HLS and DASH take AAC, AC-3 or E-AC-3); package it without --package-only to "
                                + "re-encode")
                    }
                    let language = input.language ?? LanguageTag.primary(stream.language)
                    let kilobits = stream.bitRate.map { ($0 + 500) / 1000 }
                    // The first audio stream is the default, as players start with it anyway.
                    let isDefault = !defaultAudioTaken
                    defaultAudioTaken = true
                    renditions.append(
                        Rendition(
                            input: position, source: input.source, stream: stream,
                            codec: try Self.parameters(demuxer, stream, source: input.source),
                            id: ids.claim(kilobits.map { "a\($0)k" } ?? "a-\(stream.codecName)"), language: language,
                            name: input.name ?? LanguageTag.languageName(language), isDefault: isDefault))
                case .subtitle, .data, .attachment, .unknown, .audio:
                    warnings.append(
                        "\(input.source): stream #\(stream.index): \(stream.kind.rawValue) stream left out")
                }
            }
        }
        guard !renditions.isEmpty else {
            throw ReelError.invalidInput(
                source: inputs.first?.input.source ?? "", stream: nil, reason: "no audio or video stream to package")
        }
        self.renditions = renditions.filter { $0.kind == .video } + renditions.filter { $0.kind == .audio }
        self.warnings = warnings
    }

    /// The renditions' ids, video first, in manifest order.
    var renditionIDs: [String] { renditions.map(\.id) }

    private static func parameters(_ demuxer: Demuxer, _ stream: StreamInfo, source: String) throws -> CodecParameters {
        do {
            return try CodecParameters(demuxer: demuxer, stream: stream.index)
        } catch {
            throw ReelError.invalidInput(source: source, stream: stream.index, reason: "\(error)")
        }
    }
}
