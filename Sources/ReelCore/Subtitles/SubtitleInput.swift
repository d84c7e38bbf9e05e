/// A subtitle sidecar file to package with the source: where it is and how players should
/// present it.
public struct SubtitleInput: Sendable, Equatable, Codable {
    /// The file by reference: a path, `file://`, `http(s)://`, `s3://BUCKET/KEY` or `data:` URI.
    public var uri: String
    /// BCP 47 language (`en`, `pt-BR`; ISO 639-2 such as `eng` is accepted), nil when unknown.
    var language: String?
    /// The name players show; nil for the language's English name.
    public var name: String?
    /// Forced subtitles: shown when the audio is in the viewer's language (signs, foreign dialogue).
    var isForced: Bool
    /// Whether players show this track without being asked.
    var isDefault: Bool
    /// Subtitles for the deaf and hard of hearing (speaker names, sounds): HLS CHARACTERISTICS,
    /// DASH role `caption`.
    var isSDH: Bool

    /// Creates an input.
    /// - Parameters:
    ///   - uri: The file.
    ///   - language: BCP 47 or ISO 639-2 language, or nil.
    ///   - name: The name players show, or nil.
    ///   - isForced: Forced subtitles.
    ///   - isDefault: Shown by default.
    ///   - isSDH: For the deaf and hard of hearing.
    init(
        uri: String, language: String? = nil, name: String? = nil, isForced: Bool = false, isDefault: Bool = false,
        isSDH: Bool = false
    ) {
        self.uri = uri
        self.language = language
        self.name = name
        self.isForced = isForced
        self.isDefault = isDefault
        self.isSDH = isSDH
    }

    /// File extensions that end the file part of a `--subtitles` value.
    static let extensions = ["vtt", "webvtt", "srt", "ass", "ssa", "ttml", "dfxp", "xml", "sub", "smi", "sami", "lrc"]

    /// Parses the CLI form `FILE[:LANG[:NAME[:FLAGS]]]`, FLAGS being `forced`, `default` and
    /// `sdh` joined by `,` or `+`: `subs/en.srt:en:English`, `signs.ass:en:Signs:forced`,
    /// `https://cdn.example/fr.vtt:fr`. The file part ends at the first `:` after a subtitle
    /// extension (`.vtt`, `.srt`, `.ass`, …), so URLs with colons work; a `data:` URI takes the
    /// whole value.
    /// - Parameter spec: The option's value.
    /// - Throws: `ReelError.permanent` for an empty file, a malformed language or an unknown flag.
    public init(parsing spec: String) throws(ReelError) {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var split = 1
        if spec.lowercased().hasPrefix("data:") {
            split = parts.count
        } else if let found = (1...parts.count).first(where: { count in
            parts.count - count <= 3 && Self.hasSubtitleExtension(parts[0..<count].joined(separator: ":"))
        }) {
            split = found
        } else if spec.contains("://"), parts.count > 1 {
            split = 2
        }
        let uri = parts[0..<split].joined(separator: ":")
        let options = Array(parts[split...])
        guard !uri.isEmpty else { throw .permanent("--subtitles '\(spec)': no file given") }
        guard options.count <= 3 else {
            throw .permanent("--subtitles '\(spec)': expected FILE[:LANG[:NAME[:forced]]]")
        }
        self.init(uri: uri)
        if let language = options.first, !language.isEmpty {
            guard let normalized = LanguageTag.normalize(language) else {
                throw .permanent("--subtitles '\(spec)': '\(language)' is not a language code such as en, eng or pt-BR")
            }
            self.language = normalized
        }
        if options.count > 1, !options[1].isEmpty { name = options[1] }
        if options.count > 2 {
            for flag in options[2].split(whereSeparator: { $0 == "," || $0 == "+" }) {
                switch flag.lowercased() {
                case "forced": isForced = true
                case "default": isDefault = true
                case "sdh", "cc", "hi": isSDH = true
                default:
                    throw .permanent("--subtitles '\(spec)': unknown flag '\(flag)'; use forced, default or sdh")
                }
            }
        }
    }

    private static func hasSubtitleExtension(_ uri: String) -> Bool {
        let path = uri.prefix { $0 != "?" && $0 != "#" }
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return extensions.contains(path[path.index(after: dot)...].lowercased())
    }
}
