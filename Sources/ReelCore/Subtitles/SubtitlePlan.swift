import Foundation
import ReelMedia

/// The subtitle tracks one job packages: sidecar files (read and checked before any encoding)
/// and the text subtitle streams of the source (collected while the source is read).
struct SubtitlePlan {
    /// Where a planned track's cues come from.
    enum Origin {
        /// A sidecar file, already parsed (times as written).
        case sidecar(SubtitleDocument)
        /// A text subtitle stream of the source.
        case stream(StreamInfo)
    }

    /// One track to make.
    struct Entry {
        let id: String
        let language: String?
        let name: String
        let isForced: Bool
        let isDefault: Bool
        let isSDH: Bool
        /// The file or stream, for messages.
        let label: String
        let origin: Origin
    }

    private(set) var entries: [Entry] = []
    /// Tracks skipped and files fixed up, for warning events.
    private(set) var warnings: [String] = []

    /// Reads the sidecars and picks the source's subtitle streams: text streams FFmpeg decodes
    /// are kept; bitmap streams (PGS, VobSub, DVB) and unknown codecs are skipped with a warning
    /// naming the stream.
    /// - Parameters:
    ///   - inputs: The sidecar files, in order.
    ///   - source: The source's name.
    ///   - demuxer: The opened source, whose text streams join the sidecars; nil for sidecars only.
    ///   - options: Network and S3 settings for remote sidecars.
    /// - Throws: `ReelError` for a sidecar that cannot be read or parsed.
    init(
        inputs: [SubtitleInput], source: String, demuxer: Demuxer?, options: MediaSourceOptions
    ) throws(ReelError) {
        var used = UniqueIDs()
        for (position, input) in inputs.enumerated() {
            let (document, messages) = try SubtitleSidecar.load(input, options: options)
            warnings += messages
            guard let document else { continue }
            let label = MediaSource(uri: input.uri).description
            entries.append(
                Self.entry(
                    language: input.language, title: input.name, forced: input.isForced, isDefault: input.isDefault,
                    sdh: input.isSDH, position: position + 1, label: label, origin: .sidecar(document), used: &used))
        }
        for stream in demuxer?.streams ?? [] where stream.kind == .subtitle {
            let language = stream.language.flatMap(LanguageTag.normalize)
            let description =
                "\(source): stream #\(stream.index) (\(stream.codecName)\(stream.language.map { ", \($0)" } ?? ""))"
            guard let demuxer, SubtitleDecoder.canDecode(stream, container: demuxer.formatName) else {
                warnings.append(
                    stream.isBitmapSubtitle
                        ? "\(description): bitmap subtitles cannot become WebVTT text; track skipped"
                        : "\(description): subtitle codec not supported; track skipped")
                continue
            }
            entries.append(
                Self.entry(
                    language: language, title: Self.title(stream), forced: stream.isForced, isDefault: false,
                    sdh: stream.isHearingImpaired, position: entries.count + 1,
                    label: "\(source) stream #\(stream.index)", origin: .stream(stream), used: &used))
        }
    }

    /// The source streams whose packets the reader must deliver.
    var streams: [StreamInfo] {
        entries.compactMap { entry in
            if case .stream(let stream) = entry.origin { return stream }
            return nil
        }
    }

    /// Handler names muxers write when a track has no name of its own (FFmpeg, Apple, GPAC).
    static let placeholderTitles: Set<String> = [
        "subtitlehandler", "subtitle handler", "core media text", "text", "subtitle", "subtitles",
        "gpac subtitle handler",
    ]

    /// A stream's title, unless it is a muxer's placeholder.
    static func title(_ stream: StreamInfo) -> String? {
        guard let title = stream.title?.trimmingCharacters(in: .whitespaces), !title.isEmpty,
            !placeholderTitles.contains(title.lowercased())
        else { return nil }
        return title
    }

    /// One line per track for the `started` event.
    var descriptions: [String] {
        entries.map { "\($0.id) subtitles \($0.language ?? "und") \"\($0.name)\" from \($0.label)" }
    }

    /// An entry with a unique id (`s-en`, `s-en-forced`, `s-pt-br-sdh`, `s-3` without language)
    /// and a display name (the given one, else the language's English name, marked forced or SDH).
    private static func entry(
        language: String?, title: String?, forced: Bool, isDefault: Bool, sdh: Bool, position: Int, label: String,
        origin: Origin, used: inout UniqueIDs
    ) -> Entry {
        var id = "s-" + (language?.lowercased() ?? String(position))
        if forced { id += "-forced" }
        if sdh { id += "-sdh" }
        let unique = used.claim(id)
        var name = title ?? LanguageTag.displayName(language) ?? "Subtitles \(position)"
        if title == nil && forced { name += " (forced)" }
        if title == nil && sdh { name += " SDH" }
        return Entry(
            id: unique, language: language, name: name, isForced: forced, isDefault: isDefault, isSDH: sdh,
            label: label, origin: origin)
    }
}
