import XCTest

@testable import ReelManifest

/// Ad breaks at 4 s and 9.5 s in a 14 s package cut every 6 s: video (25 fps, timescale 12800)
/// cut at 0, 4, 6, 9.5, 12; AAC (1024-sample frames) at the frames nearest those instants.
final class CuePointManifestTests: XCTestCase {
    static let video = RenditionFacts(
        id: "v720p", kind: .video, codecs: "avc1.64001f", container: .fmp4, timescale: 12800,
        initFileName: "init.mp4",
        segments: Fixtures.segments(
            durations: [51_200, 25_600, 44_800, 32_000, 25_600], sizes: [400_000, 200_000, 350_000, 250_000, 200_000]),
        video: VideoFacts(width: 1280, height: 720, frameRate: Rational(25)))
    static let audio = RenditionFacts(
        id: "a128k", kind: .audio, codecs: "mp4a.40.2", container: .fmp4, timescale: 48000,
        initFileName: "init.mp4",
        segments: Fixtures.segments(
            durations: [192_512, 95_232, 167_936, 120_832, 96_256], sizes: [64_000, 32_000, 56_000, 40_000, 32_000]),
        audio: AudioFacts(sampleRate: 48000, channels: 2, language: "en", name: "English", isDefault: true))
    static let package = PackageFacts(
        renditions: [video, audio], segmentDuration: 6, duration: 14,
        cuePoints: [CuePoint(time: 4, number: 1), CuePoint(time: 9.5, number: 2)],
        programStart: 1_796_354_100_000)

    func testMPDHasAPeriodFromEachCue() {
        assertText(
            DASHWriter().manifest(for: Self.package).text,
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-main:2011" type="static" mediaPresentationDuration="PT14.000S" minBufferTime="PT6.000S" maxSegmentDuration="PT4.011S">
              <Period id="0" start="PT0.000S">
                <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1" maxWidth="1280" maxHeight="720" maxFrameRate="25" par="16:9">
                  <Representation id="v720p" bandwidth="800000" codecs="avc1.64001f" width="1280" height="720" frameRate="25" sar="1:1">
                    <SegmentList timescale="12800">
                      <Initialization sourceURL="v720p/init.mp4"/>
                      <SegmentTimeline>
                        <S t="0" d="51200"/>
                      </SegmentTimeline>
                      <SegmentURL media="v720p/seg_00001.m4s"/>
                    </SegmentList>
                  </Representation>
                </AdaptationSet>
                <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" lang="en" segmentAlignment="true" startWithSAP="1">
                  <Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>
                  <Representation id="a128k" bandwidth="127660" codecs="mp4a.40.2" audioSamplingRate="48000">
                    <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>
                    <SegmentList timescale="48000">
                      <Initialization sourceURL="a128k/init.mp4"/>
                      <SegmentTimeline>
                        <S t="0" d="192512"/>
                      </SegmentTimeline>
                      <SegmentURL media="a128k/seg_00001.m4s"/>
                    </SegmentList>
                  </Representation>
                </AdaptationSet>
              </Period>
              <Period id="1" start="PT4.000S">
                <EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin" timescale="90000">
                  <Event presentationTime="0" duration="0" id="1">
                    <Signal xmlns="http://www.scte.org/schemas/35/2016">
                      <Binary>/DAgAAAAAAAAAP/wDwUAAAABf8/+AAV+QAABAAAAAFSKK8M=</Binary>
                    </Signal>
                  </Event>
                </EventStream>
                <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1" maxWidth="1280" maxHeight="720" maxFrameRate="25" par="16:9">
                  <SupplementalProperty schemeIdUri="urn:mpeg:dash:period-continuity:2015" value="0"/>
                  <Representation id="v720p" bandwidth="800000" codecs="avc1.64001f" width="1280" height="720" frameRate="25" sar="1:1">
                    <SegmentList timescale="12800" presentationTimeOffset="51200" startNumber="2">
                      <Initialization sourceURL="v720p/init.mp4"/>
                      <SegmentTimeline>
                        <S t="51200" d="25600"/>
                        <S d="44800"/>
                      </SegmentTimeline>
                      <SegmentURL media="v720p/seg_00002.m4s"/>
                      <SegmentURL media="v720p/seg_00003.m4s"/>
                    </SegmentList>
                  </Representation>
                </AdaptationSet>
                <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" lang="en" segmentAlignment="true" startWithSAP="1">
                  <SupplementalProperty schemeIdUri="urn:mpeg:dash:period-continuity:2015" value="0"/>
                  <Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>
                  <Representation id="a128k" bandwidth="129033" codecs="mp4a.40.2" audioSamplingRate="48000">
                    <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>
                    <SegmentList timescale="48000" presentationTimeOffset="192000" startNumber="2">
                      <Initialization sourceURL="a128k/init.mp4"/>
                      <SegmentTimeline>
                        <S t="192512" d="95232"/>
                        <S d="167936"/>
                      </SegmentTimeline>
                      <SegmentURL media="a128k/seg_00002.m4s"/>
                      <SegmentURL media="a128k/seg_00003.m4s"/>
                    </SegmentList>
                  </Representation>
                </AdaptationSet>
              </Period>
              <Period id="2" start="PT9.500S">
                <EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin" timescale="90000">
                  <Event presentationTime="0" duration="0" id="2">
                    <Signal xmlns="http://www.scte.org/schemas/35/2016">
                      <Binary>/DAgAAAAAAAAAP/wDwUAAAACf8/+AA0L2AABAAAAANfk+gc=</Binary>
                    </Signal>
                  </Event>
                </EventStream>
                <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1" maxWidth="1280" maxHeight="720" maxFrameRate="25" par="16:9">
                  <SupplementalProperty schemeIdUri="urn:mpeg:dash:period-continuity:2015" value="1"/>
                  <Representation id="v720p" bandwidth="800000" codecs="avc1.64001f" width="1280" height="720" frameRate="25" sar="1:1">
                    <SegmentList timescale="12800" presentationTimeOffset="121600" startNumber="4">
                      <Initialization sourceURL="v720p/init.mp4"/>
                      <SegmentTimeline>
                        <S t="121600" d="32000"/>
                        <S d="25600"/>
                      </SegmentTimeline>
                      <SegmentURL media="v720p/seg_00004.m4s"/>
                      <SegmentURL media="v720p/seg_00005.m4s"/>
                    </SegmentList>
                  </Representation>
                </AdaptationSet>
                <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" lang="en" segmentAlignment="true" startWithSAP="1">
                  <SupplementalProperty schemeIdUri="urn:mpeg:dash:period-continuity:2015" value="1"/>
                  <Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>
                  <Representation id="a128k" bandwidth="127660" codecs="mp4a.40.2" audioSamplingRate="48000">
                    <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>
                    <SegmentList timescale="48000" presentationTimeOffset="456000" startNumber="4">
                      <Initialization sourceURL="a128k/init.mp4"/>
                      <SegmentTimeline>
                        <S t="455680" d="120832"/>
                        <S d="96256"/>
                      </SegmentTimeline>
                      <SegmentURL media="a128k/seg_00004.m4s"/>
                      <SegmentURL media="a128k/seg_00005.m4s"/>
                    </SegmentList>
                  </Representation>
                </AdaptationSet>
              </Period>
            </MPD>

            """)
    }

    func testMediaPlaylistsMarkEachCue() {
        let files = HLSWriter().playlists(for: Self.package)
        assertText(
            text(of: "v720p/index.m3u8", in: files),
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:4
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MAP:URI="init.mp4"
            #EXT-X-PROGRAM-DATE-TIME:2026-12-04T03:15:00.000Z
            #EXTINF:4.000000,
            seg_00001.m4s
            #EXT-X-DATERANGE:ID="splice-1",START-DATE="2026-12-04T03:15:04.000Z",DURATION=0,SCTE35-OUT=0xFC302000000000000000FFF00F05000000017FCFFE00057E40000100000000548A2BC3
            #EXTINF:2.000000,
            seg_00002.m4s
            #EXTINF:3.500000,
            seg_00003.m4s
            #EXT-X-DATERANGE:ID="splice-2",START-DATE="2026-12-04T03:15:09.500Z",DURATION=0,SCTE35-OUT=0xFC302000000000000000FFF00F05000000027FCFFE000D0BD8000100000000D7E4FA07
            #EXTINF:2.500000,
            seg_00004.m4s
            #EXTINF:2.000000,
            seg_00005.m4s
            #EXT-X-ENDLIST

            """)
        assertText(
            text(of: "a128k/index.m3u8", in: files),
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:4
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MAP:URI="init.mp4"
            #EXT-X-PROGRAM-DATE-TIME:2026-12-04T03:15:00.000Z
            #EXTINF:4.010667,
            seg_00001.m4s
            #EXT-X-DATERANGE:ID="splice-1",START-DATE="2026-12-04T03:15:04.000Z",DURATION=0,SCTE35-OUT=0xFC302000000000000000FFF00F05000000017FCFFE00057E40000100000000548A2BC3
            #EXTINF:1.984000,
            seg_00002.m4s
            #EXTINF:3.498667,
            seg_00003.m4s
            #EXT-X-DATERANGE:ID="splice-2",START-DATE="2026-12-04T03:15:09.500Z",DURATION=0,SCTE35-OUT=0xFC302000000000000000FFF00F05000000027FCFFE000D0BD8000100000000D7E4FA07
            #EXTINF:2.517333,
            seg_00004.m4s
            #EXTINF:2.005333,
            seg_00005.m4s
            #EXT-X-ENDLIST

            """)
    }

    /// Without cue points nothing changes: one Period, no dates.
    func testNoCuesNoPeriodsNoDates() {
        var package = Self.package
        package.cuePoints = []
        let mpd = DASHWriter().manifest(for: package).text
        XCTAssertEqual(mpd.components(separatedBy: "<Period ").count - 1, 1)
        XCTAssertFalse(mpd.contains("startNumber"))
        let playlist = text(of: "v720p/index.m3u8", in: HLSWriter().playlists(for: package))
        XCTAssertFalse(playlist.contains("DATERANGE"))
        XCTAssertFalse(playlist.contains("PROGRAM-DATE-TIME"))
    }
}
