import Foundation
import ReelManifest
import ReelOutput

/// Writes subtitle tracks into the package and describes them for the manifests.
///
/// Files per track (directory = the track id, e.g. `s-en`): `seg_00001.vtt`, … (segmented
/// WebVTT for HLS, listed by `index.m3u8`) and `init.mp4` + `seg_00001.m4s`, … (WebVTT in fMP4
/// for DASH). Both are cut at the reference rendition's segment instants.
struct SubtitleRenditionWriter {
    let output: any MultiFileOutput
    let reporter: ProgressReporter

    /// Writes the HLS files of a track.
    /// - Parameters:
    ///   - track: The track.
    ///   - timeline: The HLS container's segment instants and timestamp mapping.
    /// - Returns: The rendition's facts (`container == .webvtt`).
    func writeHLS(_ track: SubtitleTrack, timeline: SubtitleTimeline) throws -> RenditionFacts {
        let texts = WebVTTSegmenter(timeline: timeline).segments(for: track)
        let segments = try zip(timeline.segments, texts).enumerated().map { index, pair in
            try write(
                Data(pair.1.utf8), track: track, number: index + 1, reference: pair.0, timescale: timeline.timescale,
                extension: "vtt", contentType: .webVTT)
        }
        return facts(track, timeline: timeline, container: .webvtt, initFileName: nil, segments: segments)
    }

    /// Writes the DASH files of a track.
    /// - Parameters:
    ///   - track: The track.
    ///   - timeline: The fMP4 segment instants.
    /// - Returns: The rendition's facts (`container == .fmp4`, codecs `wvtt`).
    func writeDASH(_ track: SubtitleTrack, timeline: SubtitleTimeline) throws -> RenditionFacts {
        let writer = WVTTWriter(timeline: timeline)
        try output.write(Data(writer.initSegment(for: track)), to: "\(track.id)/init.mp4", contentType: .mp4Text)
        let segments = try timeline.segments.indices.map { index in
            try write(
                Data(writer.segment(index, for: track)), track: track, number: index + 1,
                reference: timeline.segments[index], timescale: timeline.timescale, extension: "m4s",
                contentType: .mp4Text)
        }
        return facts(track, timeline: timeline, container: .fmp4, initFileName: "init.mp4", segments: segments)
    }

    private func write(
        _ data: Data, track: SubtitleTrack, number: Int, reference: SegmentFact, timescale: Int64,
        extension fileExtension: String, contentType: ContentType
    ) throws -> SegmentFact {
        let name = String(format: "seg_%05d.%@", number, fileExtension)
        let path = "\(track.id)/\(name)"
        try output.write(data, to: path, contentType: contentType)
        reporter.send(
            .segmentWritten(
                SegmentWritten(
                    rendition: track.id, index: number, path: path, bytes: data.count,
                    duration: Double(reference.duration) / Double(timescale))))
        return SegmentFact(
            number: number, fileName: name, startTime: reference.startTime, duration: reference.duration,
            byteSize: data.count)
    }

    private func facts(
        _ track: SubtitleTrack, timeline: SubtitleTimeline, container: SegmentContainer, initFileName: String?,
        segments: [SegmentFact]
    ) -> RenditionFacts {
        RenditionFacts(
            id: track.id, kind: .subtitles, codecs: "wvtt", container: container, timescale: timeline.timescale,
            initFileName: initFileName, segments: segments,
            subtitles: SubtitleFacts(
                language: track.language, name: track.name, isDefault: track.isDefault, isForced: track.isForced,
                isSDH: track.isSDH))
    }
}
