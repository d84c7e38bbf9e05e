import Foundation

/// Language tags as manifests carry them (BCP 47: `en`, `pt-BR`), from what containers and
/// users write (`eng`, `ger`, `pt_br`).
///
/// ```swift
/// LanguageTag.normalize("pt_br")    // "pt-BR"
/// LanguageTag.primary("ger")        // "de"
/// LanguageTag.displayName("pt-BR")  // "Portuguese (Brazil)"
/// LanguageTag.iso639_2("en")        // "eng", for MP4 `mdhd`
/// ```
package enum LanguageTag {
    /// Normalises a language tag to BCP 47: the primary language as ISO 639-1 where one exists
    /// (`eng` → `en`, `ger` → `de`), the region upper-case and the script title-case
    /// (`pt_br` → `pt-BR`, `zh-hant` → `zh-Hant`).
    /// - Parameter tag: The tag as written.
    /// - Returns: The tag, or nil when it is undetermined (`und`) or not a language tag.
    package static func normalize(_ tag: String) -> String? {
        let subtags = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        guard let primary = subtags.first, (2...8).contains(primary.count), primary.allSatisfy(\.isLetter),
            subtags.allSatisfy({ !$0.isEmpty && $0.count <= 8 && $0.allSatisfy { $0.isLetter || $0.isNumber } })
        else { return nil }
        guard let language = Self.primary(primary) else { return nil }
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

    /// Normalises a container language (ISO 639-2 such as `eng`) to BCP 47 (`en`); nil for undetermined.
    static func primary(_ code: String?) -> String? {
        guard let code = code?.lowercased(), !code.isEmpty, code != "und", code != "mis", code != "zxx" else {
            return nil
        }
        let terminology = bibliographicCodes[code] ?? code
        let short = Locale.Language(identifier: terminology).languageCode?.identifier(.alpha2)
        return short ?? terminology
    }

    /// ISO 639-2/B codes (used by broadcast and Matroska) and their 639-2/T equivalents.
    static let bibliographicCodes = [
        "alb": "sqi", "arm": "hye", "baq": "eus", "bur": "mya", "chi": "zho", "cze": "ces", "dut": "nld",
        "fre": "fra", "geo": "kat", "ger": "deu", "gre": "ell", "ice": "isl", "mac": "mkd", "mao": "mri",
        "may": "msa", "per": "fas", "rum": "ron", "slo": "slk", "tib": "bod", "wel": "cym",
    ]

    /// The English name of a primary language (`English`), the code itself when unnamed, or
    /// `Main` when unknown: the name of an audio rendition.
    static func languageName(_ language: String?) -> String {
        guard let language else { return "Main" }
        return Locale(identifier: "en_US").localizedString(forLanguageCode: language) ?? language
    }
}
