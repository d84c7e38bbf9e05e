import ReelManifest
import XCTest

/// Complete expected MPD for the main package (three video rungs + AAC stereo + thumbnails).
final class DASHWriterGoldenTests: XCTestCase {
    /// @bandwidth is each representation's largest single-segment bit rate (v720p: its short last segment,
    /// 3246134); minBufferTime and maxSegmentDuration are the longest segment (audio, 6.016 s), which is
    /// longer than the nominal 6 s. Segments are addressed by a SegmentList with the exact SegmentTimeline
    /// (ISO BMFF main profile), not a SegmentTemplate with a SegmentTimeline: Shaka Player 4.5 stalls at
    /// the start with the latter when its adaptation switches Representations during the first fetches.
    /// One S per segment: dash.js 5.1 and GStreamer's dashdemux2 miscount a SegmentList timeline with @r.
    /// The thumbnails come last, in a DASH-IF image set with the next id: the whole sheet's size, the
    /// grid in the thumbnail_tile descriptor, the sheets by SegmentTemplate with one full sheet's
    /// duration (the Period's end cuts the short last one) from sprite_0 to sprite_1, and the peak
    /// bit rate of one sheet (the short last one: 31877 bytes over 7.52 s).
    func testManifest() {
        let manifest = DASHWriter().manifest(for: Fixtures.package)
        XCTAssertEqual(manifest.path, "manifest.mpd")
        assertText(
            manifest.text,
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-main:2011" \
            type="static" mediaPresentationDuration="PT20.020S" minBufferTime="PT6.016S" \
            maxSegmentDuration="PT6.016S">
              <Period id="0" start="PT0S">
                <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" \
            startWithSAP="1" maxWidth="1920" maxHeight="1080" maxFrameRate="30000/1001" par="16:9">
                  <Representation id="v1080p" bandwidth="6495562" codecs="avc1.640028" width="1920" height="1080" \
            frameRate="30000/1001" sar="1:1">
                    <SegmentList timescale="30000">
                      <Initialization sourceURL="v1080p/init.mp4"/>
                      <SegmentTimeline>
                        <S t="0" d="180180"/>
                        <S d="180180"/>
                        <S d="180180"/>
                        <S d="60060"/>
                      </SegmentTimeline>
                      <SegmentURL media="v1080p/seg_00001.m4s"/>
                      <SegmentURL media="v1080p/seg_00002.m4s"/>
                      <SegmentURL media="v1080p/seg_00003.m4s"/>
                      <SegmentURL media="v1080p/seg_00004.m4s"/>
                    </SegmentList>
                  </Representation>
                  <Representation id="v720p" bandwidth="3246134" codecs="avc1.64001f" width="1280" height="720" \
            frameRate="30000/1001" sar="1:1">
                    <SegmentList timescale="30000">
                      <Initialization sourceURL="v720p/init.mp4"/>
                      <SegmentTimeline>
                        <S t="0" d="180180"/>
                        <S d="180180"/>
                        <S d="180180"/>
                        <S d="60060"/>
                      </SegmentTimeline>
                      <SegmentURL media="v720p/seg_00001.m4s"/>
                      <SegmentURL media="v720p/seg_00002.m4s"/>
                      <SegmentURL media="v720p/seg_00003.m4s"/>
                      <SegmentURL media="v720p/seg_00004.m4s"/>
                    </SegmentList>
                  </Representation>
                  <Representation id="v360p" bandwidth="1203733" codecs="avc1.64001e" width="640" height="360" \
            frameRate="30000/1001" sar="1:1">
                    <SegmentList timescale="30000">
                      <Initialization sourceURL="v360p/init.mp4"/>
                      <SegmentTimeline>
                        <S t="0" d="180180"/>
                        <S d="180180"/>
                        <S d="180180"/>
                        <S d="60060"/>
                      </SegmentTimeline>
                      <SegmentURL media="v360p/seg_00001.m4s"/>
                      <SegmentURL media="v360p/seg_00002.m4s"/>
                      <SegmentURL media="v360p/seg_00003.m4s"/>
                      <SegmentURL media="v360p/seg_00004.m4s"/>
                    </SegmentList>
                  </Representation>
                </AdaptationSet>
                <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" lang="en" segmentAlignment="true" \
            startWithSAP="1">
                  <Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>
                  <Representation id="a128k" bandwidth="128341" codecs="mp4a.40.2" audioSamplingRate="48000">
                    <AudioChannelConfiguration \
            schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>
                    <SegmentList timescale="48000">
                      <Initialization sourceURL="a128k/init.mp4"/>
                      <SegmentTimeline>
                        <S t="0" d="288768"/>
                        <S d="287744"/>
                        <S d="288768"/>
                        <S d="96256"/>
                      </SegmentTimeline>
                      <SegmentURL media="a128k/seg_00001.m4s"/>
                      <SegmentURL media="a128k/seg_00002.m4s"/>
                      <SegmentURL media="a128k/seg_00003.m4s"/>
                      <SegmentURL media="a128k/seg_00004.m4s"/>
                    </SegmentList>
                  </Representation>
                </AdaptationSet>
                <AdaptationSet id="2" contentType="image" mimeType="image/jpeg">
                  <Representation id="thumbnails" bandwidth="33912" codecs="jpeg" width="800" height="450">
                    <EssentialProperty schemeIdUri="http://dashif.org/thumbnail_tile" value="5x5"/>
                    <SegmentTemplate media="thumbnails/sprite_$Number$.jpg" timescale="1000" duration="12500" \
            startNumber="0" endNumber="1"/>
                  </Representation>
                </AdaptationSet>
              </Period>
            </MPD>

            """)
    }
}
