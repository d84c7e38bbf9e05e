import ReelManifest
import XCTest

/// Audio groups, audio-only packages, VIDEO-RANGE, I-frame variants and subtitles in the master playlist.
final class MasterPlaylistTests: XCTestCase {
    private func master(_ renditions: [RenditionFacts]) -> String {
        let package = PackageFacts(renditions: renditions, segmentDuration: 6, duration: 20.02)
        return text(of: "master.m3u8", in: HLSWriter().playlists(for: package))
    }

    /// German and English stereo share one group (English is the default although listed second); the 5.1 mix
    /// gets its own group whose only member becomes the default. Every video rung appears once per group with
    /// the group's highest peak (German, 129655) and highest average (German, 128994) added.
    func testTwoLanguagesInOneGroupPlusSurroundGroup() {
        let german = Fixtures.audio(
            id: "a-de", language: "de", name: "Deutsch", sizes: [97_000, 96_000, 97_500, 32_500])
        let english = Fixtures.audio(id: "a-en", isDefault: true)
        let surround = Fixtures.audio(
            id: "a-en-51", channels: 6, name: "English 5.1", sizes: [288_768, 287_232, 289_536, 96_000])
        assertText(
            master([Fixtures.v720p, Fixtures.v360p, german, english, surround]),
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-aac-2ch",NAME="Deutsch",LANGUAGE="de",DEFAULT=NO,\
            AUTOSELECT=YES,CHANNELS="2",URI="a-de/index.m3u8"
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-aac-2ch",NAME="English",LANGUAGE="en",DEFAULT=YES,\
            AUTOSELECT=YES,CHANNELS="2",URI="a-en/index.m3u8"
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-aac-6ch",NAME="English 5.1",LANGUAGE="en",DEFAULT=YES,\
            AUTOSELECT=YES,CHANNELS="6",URI="a-en-51/index.m3u8"
            #EXT-X-STREAM-INF:BANDWIDTH=1053422,AVERAGE-BANDWIDTH=970083,CODECS="avc1.64001e,mp4a.40.2",\
            RESOLUTION=640x360,FRAME-RATE=29.970,AUDIO="audio-aac-2ch",CLOSED-CAPTIONS=NONE
            v360p/index.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=1308789,AVERAGE-BANDWIDTH=1225089,CODECS="avc1.64001e,mp4a.40.2",\
            RESOLUTION=640x360,FRAME-RATE=29.970,AUDIO="audio-aac-6ch",CLOSED-CAPTIONS=NONE
            v360p/index.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=3337558,AVERAGE-BANDWIDTH=3153623,CODECS="avc1.64001f,mp4a.40.2",\
            RESOLUTION=1280x720,FRAME-RATE=29.970,AUDIO="audio-aac-2ch",CLOSED-CAPTIONS=NONE
            v720p/index.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=3592925,AVERAGE-BANDWIDTH=3408629,CODECS="avc1.64001f,mp4a.40.2",\
            RESOLUTION=1280x720,FRAME-RATE=29.970,AUDIO="audio-aac-6ch",CLOSED-CAPTIONS=NONE
            v720p/index.m3u8
            #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=598906,CODECS="avc1.64001f",RESOLUTION=1280x720,\
            URI="v720p/iframes.m3u8"

            """)
    }

    /// Without video every audio rendition is a variant of its own: no EXT-X-MEDIA, no AUDIO attribute.
    func testAudioOnlyPackage() {
        let low = Fixtures.audio(id: "a64k", sizes: [48_128, 47_872, 48_256, 16_000])
        assertText(
            master([Fixtures.a128k, low]),
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-STREAM-INF:BANDWIDTH=64171,AVERAGE-BANDWIDTH=64000,CODECS="mp4a.40.2"
            a64k/index.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=128341,AVERAGE-BANDWIDTH=128000,CODECS="mp4a.40.2"
            a128k/index.m3u8

            """)
    }

    /// English at two bit rates may not share a group: split by bit rate (nominal when known, else measured).
    func testSameLanguageAtTwoBitratesSplitsTheGroup() {
        let english128 = Fixtures.audio(id: "a128k", isDefault: true, nominalBitrate: 128_000)
        let english64 = Fixtures.audio(id: "a64k", sizes: [48_128, 47_872, 48_256, 16_000])
        let french = Fixtures.audio(id: "a128k-fr", language: "fr", name: "Français", nominalBitrate: 128_000)
        let text = master([Fixtures.v720p, english128, english64, french])
        XCTAssertEqual(
            lines(text, startingWith: "#EXT-X-MEDIA:"),
            [
                #"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-aac-2ch-128k",NAME="English",LANGUAGE="en",DEFAULT=YES,"#
                    + #"AUTOSELECT=YES,CHANNELS="2",URI="a128k/index.m3u8""#,
                #"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-aac-2ch-128k",NAME="Français",LANGUAGE="fr",DEFAULT=NO,"#
                    + #"AUTOSELECT=YES,CHANNELS="2",URI="a128k-fr/index.m3u8""#,
                #"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-aac-2ch-64k",NAME="English",LANGUAGE="en",DEFAULT=YES,"#
                    + #"AUTOSELECT=YES,CHANNELS="2",URI="a64k/index.m3u8""#,
            ])
        let groups = lines(text, startingWith: "#EXT-X-STREAM-INF:").map { $0.components(separatedBy: "AUDIO=").last }
        XCTAssertEqual(
            groups, [#""audio-aac-2ch-64k",CLOSED-CAPTIONS=NONE"#, #""audio-aac-2ch-128k",CLOSED-CAPTIONS=NONE"#])
    }

    func testDuplicateNamesInOneGroupAreDisambiguated() {
        let main = Fixtures.audio(id: "a-en", isDefault: true)
        let commentary = Fixtures.audio(id: "a-en-2", name: "English")
        let quoted = Fixtures.audio(id: "a-en-3", name: "English \"Director\"")
        let text = master([Fixtures.v720p, main, commentary, quoted])
        let names = lines(text, startingWith: "#EXT-X-MEDIA:").map { line in
            line.components(separatedBy: ",").first { $0.hasPrefix("NAME=") }
        }
        XCTAssertEqual(names, [#"NAME="English""#, #"NAME="English (2)""#, #"NAME="English 'Director'""#])
        XCTAssertEqual(lines(text, startingWith: "#EXT-X-MEDIA:").filter { $0.contains("DEFAULT=YES") }.count, 1)
    }

    func testVideoRangeOnlyWhenSomeVideoIsNotSDR() {
        let sdr = master([Fixtures.v720p, Fixtures.v360p, Fixtures.a128k])
        XCTAssertFalse(sdr.contains("VIDEO-RANGE"))

        let pq = Fixtures.video(
            id: "v720p-hdr", codecs: "hvc1.2.4.L93.B0", width: 1280, height: 720, sizes: [1, 1, 1, 1],
            keyframes: Array(repeating: ByteRange(offset: 0, length: 1), count: 4), range: .pq)
        let mixed = master([pq, Fixtures.v360p, Fixtures.a128k])
        let ranges = lines(mixed, startingWith: "#EXT-X-").filter { $0.contains("-INF:") }.map { line in
            line.components(separatedBy: ",").first { $0.hasPrefix("VIDEO-RANGE=") } ?? "none"
        }
        // Variants sorted by bandwidth (the tiny PQ rung first), then its I-frame variant.
        XCTAssertEqual(ranges, ["VIDEO-RANGE=PQ", "VIDEO-RANGE=SDR", "VIDEO-RANGE=PQ"])
    }

    func testIFrameVariantOnlyWhenEveryKeyframeRangeIsKnown() {
        let files = HLSWriter().playlists(
            for: PackageFacts(renditions: [Fixtures.v360p, Fixtures.a128k], segmentDuration: 6, duration: 20.02))
        XCTAssertEqual(files.map(\.path), ["v360p/index.m3u8", "a128k/index.m3u8", "master.m3u8"])
        XCTAssertFalse(text(of: "master.m3u8", in: files).contains("I-FRAME"))
    }

    func testSubtitlesGroupOnEveryVariant() {
        let subtitles = RenditionFacts(
            id: "s-en", kind: .subtitles, codecs: "wvtt", container: .webvtt, timescale: 1000, initFileName: nil,
            segments: Fixtures.segments(
                durations: [6006, 6006, 6006, 2002], sizes: [400, 300, 500, 100], fileExtension: "vtt"),
            subtitles: SubtitleFacts(language: "en", name: "English"))
        let files = HLSWriter().playlists(
            for: PackageFacts(
                renditions: [Fixtures.v360p, Fixtures.a128k, subtitles], segmentDuration: 6, duration: 20.02))
        let master = text(of: "master.m3u8", in: files)
        XCTAssertEqual(
            lines(master, startingWith: "#EXT-X-MEDIA:TYPE=SUBTITLES"),
            [
                #"#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,"#
                    + #"AUTOSELECT=YES,URI="s-en/index.m3u8""#
            ])
        XCTAssertEqual(
            lines(master, startingWith: "#EXT-X-STREAM-INF:").map { $0.contains(#",SUBTITLES="subs","#) }, [true])
        let playlist = text(of: "s-en/index.m3u8", in: files)
        XCTAssertFalse(playlist.contains("EXT-X-MAP"))
        XCTAssertEqual(lines(playlist, startingWith: "seg_").first, "seg_00001.vtt")
    }
}
