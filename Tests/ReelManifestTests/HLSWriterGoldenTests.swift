import ReelManifest
import XCTest

/// Complete expected text for the main package (three video rungs + AAC stereo + thumbnails).
final class HLSWriterGoldenTests: XCTestCase {
    private let files = HLSWriter().playlists(for: Fixtures.package)

    func testFileListHasMediaIFrameAndImagePlaylistsThenMasterLast() {
        XCTAssertEqual(
            files.map(\.path),
            [
                "v1080p/index.m3u8", "v1080p/iframes.m3u8", "v720p/index.m3u8", "v720p/iframes.m3u8",
                "v360p/index.m3u8", "a128k/index.m3u8", "thumbnails/index.m3u8", "master.m3u8",
            ])
    }

    func testVideoMediaPlaylist() {
        assertText(
            text(of: "v720p/index.m3u8", in: files),
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:6
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MAP:URI="init.mp4"
            #EXTINF:6.006000,
            seg_00001.m4s
            #EXTINF:6.006000,
            seg_00002.m4s
            #EXTINF:6.006000,
            seg_00003.m4s
            #EXTINF:2.002000,
            seg_00004.m4s
            #EXT-X-ENDLIST

            """)
    }

    func testAudioMediaPlaylist() {
        assertText(
            text(of: "a128k/index.m3u8", in: files),
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:6
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MAP:URI="init.mp4"
            #EXTINF:6.016000,
            seg_00001.m4s
            #EXTINF:5.994667,
            seg_00002.m4s
            #EXTINF:6.016000,
            seg_00003.m4s
            #EXTINF:2.005333,
            seg_00004.m4s
            #EXT-X-ENDLIST

            """)
    }

    func testIFramePlaylist() {
        assertText(
            text(of: "v720p/iframes.m3u8", in: files),
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:6
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-I-FRAMES-ONLY
            #EXT-X-MAP:URI="init.mp4"
            #EXTINF:6.006000,
            #EXT-X-BYTERANGE:150321@1012
            seg_00001.m4s
            #EXTINF:6.006000,
            #EXT-X-BYTERANGE:143210@1008
            seg_00002.m4s
            #EXTINF:6.006000,
            #EXT-X-BYTERANGE:155432@1020
            seg_00003.m4s
            #EXTINF:2.002000,
            #EXT-X-BYTERANGE:149876@900
            seg_00004.m4s
            #EXT-X-ENDLIST

            """)
    }

    /// The image media playlist (Image Media Playlist spec v0.4, as Shaka Player reads it): one segment per
    /// sheet, EXTINF the time it covers (the last one up to the end), EXT-X-TILES before each sheet's URI
    /// with one tile's size, the grid and one tile's duration; TARGETDURATION 12.5 s rounded half-up.
    func testImagePlaylist() {
        assertText(
            text(of: "thumbnails/index.m3u8", in: files),
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:13
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-IMAGES-ONLY
            #EXTINF:12.500000,
            #EXT-X-TILES:RESOLUTION=160x90,LAYOUT=5x5,DURATION=0.500000
            sprite_0.jpg
            #EXTINF:7.520000,
            #EXT-X-TILES:RESOLUTION=160x90,LAYOUT=5x5,DURATION=0.500000
            sprite_1.jpg
            #EXT-X-ENDLIST

            """)
    }

    /// Variants sorted by BANDWIDTH (input order is 1080p, 720p, 360p); BANDWIDTH = video peak + audio peak,
    /// AVERAGE-BANDWIDTH = video average + audio average; I-frame variants only for the rungs with keyframe
    /// ranges on every segment, BANDWIDTH = largest keyframe size × 8 / its segment duration, rounded up;
    /// the image stream last, RESOLUTION of one tile, BANDWIDTH the peak of one sheet (31877 × 8 / 7.52 s).
    func testMasterPlaylist() {
        assertText(
            text(of: "master.m3u8", in: files),
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-aac-2ch",NAME="English",LANGUAGE="en",DEFAULT=YES,\
            AUTOSELECT=YES,CHANNELS="2",URI="a128k/index.m3u8"
            #EXT-X-STREAM-INF:BANDWIDTH=1052108,AVERAGE-BANDWIDTH=969089,CODECS="avc1.64001e,mp4a.40.2",\
            RESOLUTION=640x360,FRAME-RATE=29.970,AUDIO="audio-aac-2ch",CLOSED-CAPTIONS=NONE
            v360p/index.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=3336244,AVERAGE-BANDWIDTH=3152629,CODECS="avc1.64001f,mp4a.40.2",\
            RESOLUTION=1280x720,FRAME-RATE=29.970,AUDIO="audio-aac-2ch",CLOSED-CAPTIONS=NONE
            v720p/index.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=6623903,AVERAGE-BANDWIDTH=6050965,CODECS="avc1.640028,mp4a.40.2",\
            RESOLUTION=1920x1080,FRAME-RATE=29.970,AUDIO="audio-aac-2ch",CLOSED-CAPTIONS=NONE
            v1080p/index.m3u8
            #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=598906,CODECS="avc1.64001f",RESOLUTION=1280x720,\
            URI="v720p/iframes.m3u8"
            #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1193867,CODECS="avc1.640028",RESOLUTION=1920x1080,\
            URI="v1080p/iframes.m3u8"
            #EXT-X-IMAGE-STREAM-INF:BANDWIDTH=33912,RESOLUTION=160x90,CODECS="jpeg",URI="thumbnails/index.m3u8"

            """)
    }
}
