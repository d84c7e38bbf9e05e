import XCTest

@testable import ReelManifest

/// Segment timelines, addressing, adaptation sets and attributes of the MPD.
final class DASHWriterTests: XCTestCase {
    static func mpd(_ renditions: [RenditionFacts], segmentDuration: Double = 6, duration: Double = 20.02) -> String {
        DASHWriter().manifest(
            for: PackageFacts(renditions: renditions, segmentDuration: segmentDuration, duration: duration)
        ).text
    }

    private func trimmedLines(_ text: String, startingWith prefix: String) -> [String] {
        text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix(prefix) }
    }

    private func audio(id: String, segments: [SegmentFact]) -> RenditionFacts {
        var rendition = Fixtures.audio(id: id)
        rendition.segments = segments
        return rendition
    }

    /// One S per segment, never @r (dash.js 5.1 counts a SegmentList timeline with @r one segment short);
    /// @t on the first S and after a gap, even when the duration after the gap equals the one before it.
    func testSegmentTimelineHasOneEntryPerSegment() {
        let durations: [Int64] = [1000, 1000, 1000, 900, 900, 1000]
        var segments = Fixtures.segments(
            durations: durations + [1000, 1000], sizes: Array(repeating: 100, count: 8), start: 5000)
        segments[6].startTime += 40  // a 40-tick gap before segment 7
        segments[7].startTime += 40
        var rendition = audio(id: "a", segments: segments)
        rendition.timescale = 1000
        rendition.presentationTimeOffset = 5000
        let text = Self.mpd([rendition])
        XCTAssertEqual(
            trimmedLines(text, startingWith: "<S "),
            [
                #"<S t="5000" d="1000"/>"#, #"<S d="1000"/>"#, #"<S d="1000"/>"#, #"<S d="900"/>"#, #"<S d="900"/>"#,
                #"<S d="1000"/>"#, #"<S t="10840" d="1000"/>"#, #"<S d="1000"/>"#,
            ])
        XCTAssertFalse(text.contains(" r="))
        XCTAssertTrue(text.contains(#"<SegmentList timescale="1000" presentationTimeOffset="5000">"#))
    }

    /// Every segment is named by its own SegmentURL, whatever the file names (here a skipped number), in the
    /// ISO BMFF main profile; no SegmentTemplate (Shaka Player 4.5 stalls on SegmentTemplate with a
    /// SegmentTimeline when it switches Representations during its first fetches).
    func testSegmentListNamesEverySegment() {
        var segments = Fixtures.segments(durations: [48_000, 48_000], sizes: [10, 10])
        segments[1].fileName = "seg_00003.m4s"
        let text = Self.mpd([audio(id: "a", segments: segments)])
        XCTAssertFalse(text.contains("SegmentTemplate"))
        XCTAssertTrue(text.contains(#"profiles="urn:mpeg:dash:profile:isoff-main:2011""#))
        XCTAssertEqual(
            trimmedLines(text, startingWith: "<SegmentList").first, #"<SegmentList timescale="48000">"#)
        XCTAssertEqual(
            trimmedLines(text, startingWith: "<Initialization"), [#"<Initialization sourceURL="a/init.mp4"/>"#])
        XCTAssertEqual(
            trimmedLines(text, startingWith: "<SegmentURL"),
            [#"<SegmentURL media="a/seg_00001.m4s"/>"#, #"<SegmentURL media="a/seg_00003.m4s"/>"#])
    }

    func testOnlyFMP4AudioAndVideoAppear() {
        var transport = Fixtures.v360p
        transport.id = "v360p-ts"
        transport.container = .ts
        let subtitles = RenditionFacts(
            id: "s-en", kind: .subtitles, codecs: "wvtt", container: .webvtt, timescale: 1000, initFileName: nil,
            segments: [], subtitles: SubtitleFacts(language: "en", name: "English"))
        let text = Self.mpd([Fixtures.v720p, transport, Fixtures.a128k, subtitles])
        let ids = trimmedLines(text, startingWith: "<Representation").map { $0.components(separatedBy: " ")[1] }
        XCTAssertEqual(ids, [#"id="v720p""#, #"id="a128k""#])
    }

    /// One audio AdaptationSet per (language, codecs, channels); Role main on the set with the default.
    /// A segment that starts with an open GOP needs the one before for its leading pictures:
    /// the video AdaptationSet says SAP type 3; audio, and video whose GOPs are closed, say 1.
    func testOpenGOPSegmentsMakeTheVideoSetStartWithSAPType3() {
        var video = Fixtures.v1080p
        XCTAssertEqual(
            trimmedLines(Self.mpd([video]), startingWith: "<AdaptationSet").map { $0.contains(#"startWithSAP="1""#) },
            [true])
        video.segments[1].startsWithOpenGOP = true
        let mpd = Self.mpd([video, Fixtures.audio(id: "a128k")])
        XCTAssertTrue(mpd.contains(#"mimeType="video/mp4" segmentAlignment="true" startWithSAP="3""#), mpd)
        XCTAssertTrue(mpd.contains(#"mimeType="audio/mp4" lang="en" segmentAlignment="true" startWithSAP="1""#), mpd)
    }

    /// H.264 and HEVC renditions (package-only inputs may mix them) go in one AdaptationSet per
    /// codec, avc1 with avc3 and hvc1 with hev1, so a player switches only between what it decodes.
    func testVideoAdaptationSetsAreSplitByCodec() {
        let renditions = [
            Fixtures.video(id: "v1080h", codecs: "hvc1.1.6.L120.90", width: 1920, height: 1080, sizes: [1, 1, 1, 1]),
            Fixtures.video(id: "v720", codecs: "avc1.64001f", width: 1280, height: 720, sizes: [1, 1, 1, 1]),
            Fixtures.video(id: "v720h", codecs: "hev1.1.6.L93.90", width: 1280, height: 720, sizes: [1, 1, 1, 1]),
            Fixtures.video(id: "v360", codecs: "avc3.64001e", width: 640, height: 360, sizes: [1, 1, 1, 1]),
        ]
        let sets = Self.mpd(renditions).components(separatedBy: "<AdaptationSet").dropFirst()
        XCTAssertEqual(sets.count, 2)
        let ids = sets.map { set in
            set.components(separatedBy: "<Representation id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        }
        XCTAssertEqual(ids, [["v1080h", "v720h"], ["v720", "v360"]])
    }

    func testAudioAdaptationSetsAndMainRole() {
        let english = Fixtures.audio(id: "a-en")
        let german = Fixtures.audio(id: "a-de", language: "de", name: "Deutsch", isDefault: true)
        let surround = Fixtures.audio(id: "a-en-51", channels: 6, name: "English 5.1")
        let unknown = Fixtures.audio(id: "a-und", language: nil, name: "Audio")
        let text = Self.mpd([english, german, surround, unknown])
        let sets = Array(text.components(separatedBy: "<AdaptationSet ").dropFirst())
        XCTAssertEqual(sets.count, 4)
        XCTAssertEqual(sets.map { $0.contains(#"value="main""#) }, [false, true, false, false])
        XCTAssertEqual(
            sets.map { $0.components(separatedBy: " ").first { $0.hasPrefix("lang=") } },
            [#"lang="en""#, #"lang="de""#, #"lang="en""#, nil])
        XCTAssertTrue(sets[2].contains(#"audio_channel_configuration:2011" value="6"/>"#))
    }

    /// AC-3 and E-AC-3 name their speakers in Dolby's scheme (DASH-IF IOP); other codecs, and
    /// layouts Dolby cannot name, give the MPEG scheme's channel count.
    func testDolbyAudioStatesItsSpeakersInDolbysScheme() {
        func configuration(codecs: String, channels: Int, mask: UInt64?) -> String? {
            var rendition = Fixtures.audio(id: "a", codecs: codecs, channels: channels)
            rendition.audio?.channelMask = mask
            return trimmedLines(Self.mpd([rendition]), startingWith: "<AudioChannelConfiguration").first
        }
        let dolby =
            #"<AudioChannelConfiguration schemeIdUri="tag:dolby.com,2014:dash:audio_channel_configuration:2011""#
        let mpeg = #"<AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011""#
        XCTAssertEqual(configuration(codecs: "ac-3", channels: 6, mask: 0x60F), dolby + #" value="F801"/>"#)
        XCTAssertEqual(configuration(codecs: "ec-3", channels: 2, mask: 0x3), dolby + #" value="A000"/>"#)
        XCTAssertEqual(configuration(codecs: "ac-3", channels: 6, mask: nil), mpeg + #" value="6"/>"#)
        XCTAssertEqual(configuration(codecs: "mp4a.40.2", channels: 6, mask: 0x60F), mpeg + #" value="6"/>"#)
    }

    func testDolbyChannelMasks() {
        XCTAssertEqual(DolbyChannels.value(0x60F), "F801", "5.1 (side): L C R Ls Rs LFE")
        XCTAssertEqual(DolbyChannels.value(0x3F), "F801", "5.1 (back): back channels are Ls/Rs without side ones")
        XCTAssertEqual(DolbyChannels.value(0x63F), "FA01", "7.1: back channels are Lrs/Rrs beside side ones")
        XCTAssertEqual(DolbyChannels.value(0x4), "4000", "mono is C")
        XCTAssertEqual(DolbyChannels.value(0x107), "E100", "3/1: L C R Cs")
        XCTAssertNil(DolbyChannels.value(1 << 29), "a stereo downmix channel has no Dolby position")
        XCTAssertNil(DolbyChannels.value(0))
    }

    func testFirstAudioSetIsMainWithoutADefault() {
        let text = Self.mpd([Fixtures.audio(id: "a-en"), Fixtures.audio(id: "a-de", language: "de", name: "Deutsch")])
        XCTAssertEqual(text.components(separatedBy: #"value="main""#).count - 1, 1)
        XCTAssertTrue(
            text.contains(
                #"lang="en" segmentAlignment="true" startWithSAP="1">"# + "\n"
                    + #"      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>"#))
    }

    func testFrameRateSampleAndDisplayAspectRatio() {
        var pal = Fixtures.video(
            id: "v576p", codecs: "avc1.64001e", width: 720, height: 576, sizes: [1, 1, 1, 1],
            frameRate: Rational(25000, 1000))
        pal.video?.sampleAspectRatio = "16:15"
        let small = Fixtures.video(
            id: "v288p", codecs: "avc1.64000d", width: 352, height: 288, sizes: [1, 1, 1, 1],
            frameRate: Rational(50, 1))
        let text = Self.mpd([small, pal])
        XCTAssertTrue(text.contains(#"maxWidth="720" maxHeight="576" maxFrameRate="50" par="4:3">"#), text)
        XCTAssertTrue(text.contains(#"width="720" height="576" frameRate="25" sar="16:15">"#), text)
        XCTAssertTrue(text.contains(#"width="352" height="288" frameRate="50" sar="1:1">"#), text)
    }

    func testDurationsAndMinBufferTimeAtLeastNominal() {
        let text = Self.mpd([Fixtures.v720p], segmentDuration: 8, duration: 60.5)
        XCTAssertTrue(
            text.contains(
                #"mediaPresentationDuration="PT60.500S" minBufferTime="PT8.000S" maxSegmentDuration="PT6.006S">"#),
            text)
    }

    /// The presentation ends where the media ends, to the microsecond and never after it: here 299 frames at
    /// 59.94 fps end at 4.9883166… s. Rounded up to the millisecond (4.989 s), dash.js 5.1 waits at the start
    /// for media up to that instant and never plays; rounded down to the millisecond, players would cut
    /// off the last frame.
    func testMediaPresentationDurationEndsWithTheMedia() {
        XCTAssertTrue(Self.mpd([Fixtures.v720p], duration: 299 * 1001 / 60000.0).contains(#"="PT4.988316S""#))
        XCTAssertTrue(Self.mpd([Fixtures.v720p], duration: 10).contains(#"mediaPresentationDuration="PT10.000S""#))
        XCTAssertTrue(Self.mpd([Fixtures.v720p], duration: 20.02).contains(#"mediaPresentationDuration="PT20.020S""#))
    }

    func testAttributeValuesAreEscaped() {
        var odd = Fixtures.a128k
        odd.codecs = #"mp4a.40.2&<"'>"#
        XCTAssertTrue(Self.mpd([odd]).contains(#"codecs="mp4a.40.2&amp;&lt;&quot;&apos;&gt;""#))
    }

    /// The conformance checker's leaky-bucket test: with delivery at @bandwidth starting minBufferTime before
    /// playout, every segment must have arrived when its playout starts, from any starting segment.
    func testBandwidthSatisfiesLeakyBucketWithMinBufferTime() throws {
        var bursty = Fixtures.video(
            id: "v-bursty", codecs: "avc1.64001f", width: 1280, height: 720,
            sizes: [100_000, 3_000_000, 100_000, 1_500_000])
        bursty.segments[3].duration = 30_000  // a 1 s final segment
        for rendition in [Fixtures.v1080p, Fixtures.v720p, Fixtures.v360p, Fixtures.a128k, bursty] {
            let text = Self.mpd([rendition])
            let bandwidth = try XCTUnwrap(Double(try XCTUnwrap(attribute("bandwidth", in: text))))
            let buffer = try XCTUnwrap(attribute("minBufferTime", in: text))
            let minBufferTime = try XCTUnwrap(Double(buffer.dropFirst(2).dropLast()))
            let seconds = rendition.segments.map { Double($0.duration) / Double(rendition.timescale) }
            let bits = rendition.segments.map { 8 * Double($0.byteSize) }
            for first in seconds.indices {
                var sentBits = 0.0
                var playoutOffset = 0.0
                for last in first..<seconds.count {
                    sentBits += bits[last]
                    XCTAssertLessThanOrEqual(
                        sentBits, bandwidth * (minBufferTime + playoutOffset), "\(rendition.id) \(first)…\(last)")
                    playoutOffset += seconds[last]
                }
            }
        }
    }

    private func attribute(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: " \(name)=\"") else { return nil }
        return String(text[start.upperBound...].prefix { $0 != "\"" })
    }
}
