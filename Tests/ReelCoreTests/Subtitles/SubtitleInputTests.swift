import XCTest

@testable import ReelCore

/// `--subtitles FILE[:LANG[:NAME[:FLAGS]]]`.
final class SubtitleInputTests: XCTestCase {
    func testForms() throws {
        XCTAssertEqual(try SubtitleInput(parsing: "subs/en.vtt"), SubtitleInput(uri: "subs/en.vtt"))
        XCTAssertEqual(try SubtitleInput(parsing: "en.srt:eng"), SubtitleInput(uri: "en.srt", language: "en"))
        XCTAssertEqual(
            try SubtitleInput(parsing: "pt.srt:pt_br:Português (Brasil)"),
            SubtitleInput(uri: "pt.srt", language: "pt-BR", name: "Português (Brasil)"))
        XCTAssertEqual(
            try SubtitleInput(parsing: "signs.ass:ger::forced,default"),
            SubtitleInput(uri: "signs.ass", language: "de", isForced: true, isDefault: true))
        XCTAssertEqual(
            try SubtitleInput(parsing: "https://cdn.example:8443/v/fr.vtt?sig=a:b:fr:Français SDH:sdh"),
            SubtitleInput(
                uri: "https://cdn.example:8443/v/fr.vtt?sig=a:b", language: "fr", name: "Français SDH", isSDH: true))
        XCTAssertEqual(try SubtitleInput(parsing: "s3://bucket/key.srt:zh-hant").language, "zh-Hant")
        XCTAssertEqual(try SubtitleInput(parsing: "data:text/vtt,WEBVTT%0A").uri, "data:text/vtt,WEBVTT%0A")
    }

    func testErrors() {
        XCTAssertThrowsError(try SubtitleInput(parsing: "a.srt:english!")) {
            XCTAssertEqual(
                $0 as? ReelError,
                .permanent("--subtitles 'a.srt:english!': 'english!' is not a language code such as en, eng or pt-BR"))
        }
        XCTAssertThrowsError(try SubtitleInput(parsing: "a.srt:en:Name:loud")) {
            XCTAssertEqual(
                $0 as? ReelError,
                .permanent("--subtitles 'a.srt:en:Name:loud': unknown flag 'loud'; use forced, default or sdh"))
        }
        XCTAssertThrowsError(try SubtitleInput(parsing: ":en"))
    }

    func testLanguages() {
        XCTAssertEqual(LanguageTag.normalize("fre"), "fr")
        XCTAssertEqual(LanguageTag.normalize("EN-us"), "en-US")
        XCTAssertNil(LanguageTag.normalize("und"))
        XCTAssertEqual(LanguageTag.iso639_2("en"), "eng")
        XCTAssertEqual(LanguageTag.iso639_2("pt-BR"), "por")
        XCTAssertEqual(LanguageTag.iso639_2(nil), "und")
        XCTAssertEqual(LanguageTag.displayName("pt-BR"), "Portuguese (Brazil)")
    }
}
