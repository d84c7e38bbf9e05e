import ReelManifest

/// Hand-built segment facts shared by the tests.
///
/// The main package: three video rungs at 30000/1001 fps (timescale 30000) with three 6.006 s segments and a
/// 2.002 s last one, plus AAC stereo at 48 kHz with 1024-sample-aligned segments (6.016, 5.994667, 6.016,
/// 2.005333 s). The expected numbers in the golden texts were computed independently with the conformance
/// checker's own `peak_window_bitrate` (../shared/conform/conformlib/util.py).
enum Fixtures {
    static let videoDurations: [Int64] = [180_180, 180_180, 180_180, 60_060]
    static let audioDurations: [Int64] = [288_768, 287_744, 288_768, 96_256]

    /// Segments `seg_00001.m4s`… laid end to end from `start`.
    static func segments(
        durations: [Int64], sizes: [Int], keyframes: [ByteRange?]? = nil, start: Int64 = 0,
        fileExtension: String = "m4s"
    ) -> [SegmentFact] {
        var time = start
        return durations.indices.map { index in
            let number = index + 1
            let digits = String(number)
            let name = "seg_" + String(repeating: "0", count: 5 - digits.count) + digits + "." + fileExtension
            defer { time += durations[index] }
            return SegmentFact(
                number: number, fileName: name, startTime: time, duration: durations[index],
                byteSize: sizes[index], keyframeRange: keyframes?[index])
        }
    }

    static func video(
        id: String, codecs: String, width: Int, height: Int, sizes: [Int], keyframes: [ByteRange?]? = nil,
        range: VideoRange = .sdr, frameRate: Rational = Rational(30000, 1001)
    ) -> RenditionFacts {
        RenditionFacts(
            id: id, kind: .video, codecs: codecs, container: .fmp4, timescale: 30000, initFileName: "init.mp4",
            segments: segments(durations: videoDurations, sizes: sizes, keyframes: keyframes),
            video: VideoFacts(width: width, height: height, frameRate: frameRate, range: range))
    }

    static func audio(
        id: String, codecs: String = "mp4a.40.2", channels: Int = 2, language: String? = "en",
        name: String = "English", isDefault: Bool = false, sizes: [Int] = [96_256, 95_744, 96_512, 32_000],
        nominalBitrate: Int? = nil
    ) -> RenditionFacts {
        RenditionFacts(
            id: id, kind: .audio, codecs: codecs, container: .fmp4, timescale: 48000, initFileName: "init.mp4",
            segments: segments(durations: audioDurations, sizes: sizes),
            audio: AudioFacts(
                sampleRate: 48000, channels: channels, language: language, name: name, isDefault: isDefault,
                nominalBitrate: nominalBitrate))
    }

    static let v1080p = video(
        id: "v1080p", codecs: "avc1.640028", width: 1920, height: 1080,
        sizes: [4_512_345, 4_198_765, 4_876_543, 1_234_567],
        keyframes: [
            ByteRange(offset: 1_456, length: 301_234), ByteRange(offset: 1_432, length: 287_654),
            ByteRange(offset: 1_480, length: 312_345), ByteRange(offset: 1_200, length: 298_765),
        ])
    static let v720p = video(
        id: "v720p", codecs: "avc1.64001f", width: 1280, height: 720,
        sizes: [2_256_789, 2_101_234, 2_398_765, 812_345],
        keyframes: [
            ByteRange(offset: 1_012, length: 150_321), ByteRange(offset: 1_008, length: 143_210),
            ByteRange(offset: 1_020, length: 155_432), ByteRange(offset: 900, length: 149_876),
        ])
    /// One segment lacks its keyframe range, so this rung gets no I-frame playlist.
    static let v360p = video(
        id: "v360p", codecs: "avc1.64001e", width: 640, height: 360,
        sizes: [601_234, 578_901, 623_456, 301_234],
        keyframes: [
            ByteRange(offset: 800, length: 40_123), ByteRange(offset: 812, length: 39_876),
            ByteRange(offset: 790, length: 41_234), nil,
        ])
    static let a128k = audio(id: "a128k", isDefault: true)

    /// Trick-play thumbnails of the main package: one 160x90 tile every 0.5 s in sheets of 5 × 5
    /// (12.5 s each, in milliseconds); 41 tiles, so the second sheet holds 16 and covers 12.5 s to the
    /// end at 20.02 s. Peak bit rate: the second sheet, 31877 × 8 / 7.52 s = 33911.7 → 33912 bit/s.
    static let thumbnails = ImageTrackFacts(
        id: "thumbnails", columns: 5, rows: 5, tileWidth: 160, tileHeight: 90, timescale: 1000, tileDuration: 500,
        sheets: [
            ImageSheetFact(number: 0, startTime: 0, duration: 12_500, byteSize: 48_213),
            ImageSheetFact(number: 1, startTime: 12_500, duration: 7_520, byteSize: 31_877),
        ])

    /// Stats of the main package (from the conformance checker's definitions), in bit/s as
    /// peak / average / largest segment:
    /// v1080p 6495562 / 5922965 / 6495562; v720p 3207903 / 3024629 / 3246134;
    /// v360p 923767 / 841089 / 1203733; a128k 128341 / 128000 / 128341.
    static let package = PackageFacts(
        renditions: [v1080p, v720p, v360p, a128k], images: [thumbnails], segmentDuration: 6, duration: 20.02)

    /// A subtitle track cut like the video (6.006 s segments and a 2.002 s one): segmented WebVTT for HLS
    /// (`container == .webvtt`) or WebVTT in fMP4 for DASH (`.fmp4`). Default sizes give a peak of 1001 bit/s
    /// and an average of 1000 bit/s.
    static func subtitles(
        id: String, language: String? = "en", name: String = "English", container: SegmentContainer = .webvtt,
        isDefault: Bool = false, isForced: Bool = false, isSDH: Bool = false, sizes: [Int] = [751, 751, 751, 250]
    ) -> RenditionFacts {
        RenditionFacts(
            id: id, kind: .subtitles, codecs: "wvtt", container: container, timescale: 30000,
            initFileName: container == .fmp4 ? "init.mp4" : nil,
            segments: segments(
                durations: videoDurations, sizes: sizes, fileExtension: container == .fmp4 ? "m4s" : "vtt"),
            subtitles: SubtitleFacts(
                language: language, name: name, isDefault: isDefault, isForced: isForced, isSDH: isSDH))
    }
}
