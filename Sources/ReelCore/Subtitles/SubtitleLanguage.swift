import Foundation

/// Language tags of subtitle tracks.
enum SubtitleLanguage {
    /// Normalises a language tag to BCP 47: the primary language as ISO 639-1 where one exists
    /// (`eng` → `en`, `ger` → `de`), the region upper-case and the script title-case
    /// (`pt_br` → `pt-BR`, `zh-hant` → `zh-Hant`).
    /// - Parameter tag: The tag as written.
    /// - Returns: The tag, or nil when it is undetermined (`und`) or not a language tag.
    static func normalize(_ tag: String) -> String? {
        let subtags = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        guard let primary = subtags.first, (2...8).contains(primary.count), primary.allSatisfy(\.isLetter),
            subtags.allSatisfy({ !$0.isEmpty && $0.count <= 8 && $0.allSatisfy { $0.isLetter || $0.isNumber } })
        else { return nil }
        guard let language = JobPlan.language(primary) else { return nil }
        let rest = subtags.dropFirst().map { subtag -> String in
            switch subtag.count {
            case 2 where subtag.allSatisfy(\.isLetter): subtag.uppercased()
            case 4 where subtag.allSatisfy(\.isLetter): subtag.prefix(1).uppercased() + subtag.dropFirst().lowercased()
            default: subtag.lowercased()
            }
        }
        return ([language] + rest).joined(separator: "-")
    }

    /// The English name of a language tag (`English`, `Portuguese (Brazil)`), or nil.
    static func displayName(_ tag: String?) -> String? {
        guard let tag else { return nil }
        return Locale(identifier: "en_US").localizedString(forIdentifier: tag)
    }

    /// The ISO 639-2/T code of a tag's primary language for MP4 `mdhd` (`en` → `eng`); `und` when unknown.
    static func iso639_2(_ tag: String?) -> String {
        guard let primary = tag?.split(separator: "-").first.map(String.init) else { return "und" }
        if primary.count == 3 { return primary.lowercased() }
        let code = Locale.Language(identifier: primary).languageCode?.identifier(.alpha3)
        guard let code, code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return "und" }
        return code
    }
}
