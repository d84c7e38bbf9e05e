import XCTest

@testable import ReelManifest

/// Subtitle renditions and closed captions in the HLS master, the subtitle media playlists and the MPD.
final class SubtitleManifestTests: XCTestCase {
    private let english = Fixtures.subtitles(id: "s-en", isDefault: true)
    private let forced = Fixtures.subtitles(
        id: "s-en-forced", name: "English (forced)", isForced: true, sizes: [100, 0, 120, 0])
    private let frenchSDH = Fixtures.subtitles(
        id: "s-fr-sdh", language: "fr", name: "Français SDH", isSDH: true, sizes: [600, 700, 650, 200])

    private func files(_ renditions: [RenditionFacts]) -> [ManifestFile] {
        HLSWriter().playlists(for: PackageFacts(renditions: renditions, segmentDuration: 6, duration: 20.02))
    }

    private func mpd(_ renditions: [RenditionFacts]) -> String {
        DASHWriter().manifest(for: PackageFacts(renditions: renditions, segmentDuration: 6, duration: 20.02)).text
    }

    /// Every subtitle track in one SUBTITLES group with NAME, LANGUAGE, DEFAULT, AUTOSELECT, FORCED and
    /// CHARACTERISTICS; each variant names the group, says CLOSED-CAPTIONS=NONE (no captions anywhere) and
    /// adds the group's largest peak (1001) and average (1000) to its BANDWIDTH and AVERAGE-BANDWIDTH:
    /// 923767 + 128341 + 1001 and 841089 + 128000 + 1000. The DASH copies (fMP4) are not listed.
    func testMasterListsSubtitleRenditions() {
        let dashCopy = Fixtures.subtitles(id: "s-en", container: .fmp4)
        let files = files([Fixtures.v360p, Fixtures.a128k, english, forced, frenchSDH, dashCopy])
        XCTAssertEqual(
            files.map(\.path),
            [
                "v360p/index.m3u8", "a128k/index.m3u8", "s-en/index.m3u8", "s-en-forced/index.m3u8",
                "s-fr-sdh/index.m3u8", "master.m3u8",
            ])
        assertText(
            text(of: "master.m3u8", in: files),
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-aac-2ch",NAME="English",LANGUAGE="en",DEFAULT=YES,\
            AUTOSELECT=YES,CHANNELS="2",URI="a128k/index.m3u8"
            #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=YES,\
            AUTOSELECT=YES,URI="s-en/index.m3u8"
            #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English (forced)",LANGUAGE="en",DEFAULT=NO,\
            AUTOSELECT=YES,FORCED=YES,URI="s-en-forced/index.m3u8"
            #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Français SDH",LANGUAGE="fr",DEFAULT=NO,\
            AUTOSELECT=YES,CHARACTERISTICS="public.accessibility.transcribes-spoken-dialog,\
            public.accessibility.describes-music-and-sound",URI="s-fr-sdh/index.m3u8"
            #EXT-X-STREAM-INF:BANDWIDTH=1053109,AVERAGE-BANDWIDTH=970089,CODECS="avc1.64001e,mp4a.40.2",\
            RESOLUTION=640x360,FRAME-RATE=29.970,AUDIO="audio-aac-2ch",SUBTITLES="subs",CLOSED-CAPTIONS=NONE
            v360p/index.m3u8

            """)
    }

    /// A WebVTT media playlist: the video's EXTINF values, no EXT-X-MAP, `.vtt` segments.
    func testSubtitleMediaPlaylist() {
        assertText(
            text(of: "s-en/index.m3u8", in: files([Fixtures.v360p, english])),
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:6
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXTINF:6.006000,
            seg_00001.vtt
            #EXTINF:6.006000,
            seg_00002.vtt
            #EXTINF:6.006000,
            seg_00003.vtt
            #EXTINF:2.002000,
            seg_00004.vtt
            #EXT-X-ENDLIST

            """)
    }

    /// Captions in some renditions: one CLOSED-CAPTIONS rendition without URI; the variants that carry them
    /// name the group, the others leave the attribute out (NONE is only allowed when no variant has any).
    func testClosedCaptionsInSomeRenditions() {
        var withCaptions = Fixtures.v720p
        withCaptions.video?.closedCaptions = ClosedCaptionFacts(language: "en", name: "English")
        let master = text(of: "master.m3u8", in: files([withCaptions, Fixtures.v360p, Fixtures.a128k]))
        XCTAssertEqual(
            lines(master, startingWith: "#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS"),
            [
                #"#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="English",LANGUAGE="en",DEFAULT=NO,"#
                    + #"AUTOSELECT=YES,INSTREAM-ID="CC1""#
            ])
        let variants = lines(master, startingWith: "#EXT-X-STREAM-INF:")
        XCTAssertEqual(variants.count, 2)
        XCTAssertFalse(variants[0].contains("CLOSED-CAPTIONS"), variants[0])
        XCTAssertTrue(variants[1].hasSuffix(#",CLOSED-CAPTIONS="cc""#), variants[1])
    }

    /// An audio-only package has no CLOSED-CAPTIONS attribute at all, but still lists subtitles.
    func testAudioOnlyPackageWithSubtitles() {
        let master = text(of: "master.m3u8", in: files([Fixtures.a128k, english]))
        XCTAssertEqual(
            lines(master, startingWith: "#EXT-X-STREAM-INF:"),
            [#"#EXT-X-STREAM-INF:BANDWIDTH=129342,AVERAGE-BANDWIDTH=129000,CODECS="mp4a.40.2",SUBTITLES="subs""#])
    }

    /// One text AdaptationSet per track: WebVTT in fMP4 with its language and role (subtitle, forced-subtitle,
    /// caption for SDH), addressed like the video; segmented WebVTT (HLS) does not appear.
    func testTextAdaptationSets() {
        let text = mpd([
            Fixtures.v360p, Fixtures.subtitles(id: "s-en", container: .fmp4),
            Fixtures.subtitles(id: "s-en-forced", container: .fmp4, isForced: true),
            Fixtures.subtitles(id: "s-fr-sdh", language: "fr", container: .fmp4, isSDH: true), english,
        ])
        let sets = text.components(separatedBy: "    <AdaptationSet ").dropFirst().map { "    <AdaptationSet " + $0 }
        XCTAssertEqual(sets.count, 4)
        assertText(
            sets[1].components(separatedBy: "  </Period>")[0],
            """
                <AdaptationSet id="1" contentType="text" mimeType="application/mp4" lang="en" segmentAlignment="true" \
            startWithSAP="1">
                  <Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/>
                  <Representation id="s-en" bandwidth="1001" codecs="wvtt">
                    <SegmentList timescale="30000">
                      <Initialization sourceURL="s-en/init.mp4"/>
                      <SegmentTimeline>
                        <S t="0" d="180180"/>
                        <S d="180180"/>
                        <S d="180180"/>
                        <S d="60060"/>
                      </SegmentTimeline>
                      <SegmentURL media="s-en/seg_00001.m4s"/>
                      <SegmentURL media="s-en/seg_00002.m4s"/>
                      <SegmentURL media="s-en/seg_00003.m4s"/>
                      <SegmentURL media="s-en/seg_00004.m4s"/>
                    </SegmentList>
                  </Representation>
                </AdaptationSet>

            """)
        XCTAssertTrue(sets[2].contains(#"<Role schemeIdUri="urn:mpeg:dash:role:2011" value="forced-subtitle"/>"#))
        XCTAssertTrue(sets[3].contains(#"lang="fr""#))
        XCTAssertTrue(sets[3].contains(#"<Role schemeIdUri="urn:mpeg:dash:role:2011" value="caption"/>"#))
    }

    /// The SCTE 214 Accessibility descriptor on the video set when every rendition carries the captions.
    func testCaptionAccessibilityDescriptor() {
        var high = Fixtures.v720p
        var low = Fixtures.v360p
        high.video?.closedCaptions = ClosedCaptionFacts(language: "en", name: "English")
        XCTAssertFalse(mpd([high, low]).contains("Accessibility"), "only some renditions carry captions")
        low.video?.closedCaptions = high.video?.closedCaptions
        let text = mpd([high, low])
        XCTAssertTrue(
            text.contains(
                "par=\"16:9\">\n      <Accessibility schemeIdUri=\"urn:scte:dash:cc:cea-608:2015\" value=\"CC1=eng\"/>\n"
                    + "      <Representation id=\"v720p\""), text)
    }
}
