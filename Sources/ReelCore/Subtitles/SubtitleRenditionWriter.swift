import Foundation
import ReelManifest
import ReelOutput

/// Writes subtitle tracks into the package; the listener hears of each track and segment, as
/// it does of the media's.
///
/// Files per track (directory = the track id, e.g. `s-en`): `seg_00001.vtt`, … (segmented
/// WebVTT for HLS, listed by `index.m3u8`) and `init.mp4` + `seg_00001.m4s`, … (WebVTT in fMP4
/// for DASH). Both are cut at the reference rendition's segment instants.
struct SubtitleRenditionWriter {
    let output: any MultiFileOutput
    let listener: any SegmentListener

    /// Writes the HLS files of a track.
    /// - Parameters:
    ///   - track: The track.
    ///   - timeline: The HLS container's segment instants and timestamp mapping.
    func writeHLS(_ track: SubtitleTrack, timeline: SubtitleTimeline) throws {
        let texts = WebVTTSegmenter(timeline: timeline).segments(for: track)
        let description = started(track, timeline: timeline, container: .webvtt, initFileName: nil)
        for (index, pair) in zip(timeline.segments, texts).enumerated() {
            try write(Data(pair.1.utf8), of: description, number: index + 1, reference: pair.0, contentType: .webVTT)
        }
    }

    /// Writes the DASH files of a track.
    /// - Parameters:
    ///   - track: The track.
    ///   - timeline: The fMP4 segment instants.
    func writeDASH(_ track: SubtitleTrack, timeline: SubtitleTimeline) throws {
        let writer = WVTTWriter(timeline: timeline)
        try output.write(
            Data(writer.initSegment(for: track)), to: PackageLayout.path(track.id, PackageLayout.initSegment),
            contentType: .mp4Text)
        let description = started(track, timeline: timeline, container: .fmp4, initFileName: PackageLayout.initSegment)
        for index in timeline.segments.indices {
            try write(
                Data(writer.segment(index, for: track)), of: description, number: index + 1,
                reference: timeline.segments[index], contentType: .mp4Text)
        }
    }

    private func write(
        _ data: Data, of track: TrackDescription, number: Int, reference: SegmentFact, contentType: ContentType
    ) throws {
        let name = PackageLayout.segment(number, in: track.container)
        try output.write(data, to: PackageLayout.path(track.id, name), contentType: contentType)
        listener.segmentWritten(
            SegmentFact(
                number: number, fileName: name, startTime: reference.startTime, duration: reference.duration,
                byteSize: data.count),
            in: track)
    }

    /// Tells the listener of a track (codecs `wvtt`) and returns its description.
    private func started(
        _ track: SubtitleTrack, timeline: SubtitleTimeline, container: SegmentContainer, initFileName: String?
    ) -> TrackDescription {
        let description = TrackDescription(
            rendition: RenditionFacts(
                id: track.id, kind: .subtitles, codecs: "wvtt", container: container, timescale: timeline.timescale,
                initFileName: initFileName, segments: [],
                subtitles: SubtitleFacts(
                    language: track.language, name: track.name, isDefault: track.isDefault,
                    isForced: track.isForced, isSDH: track.isSDH)),
            presentationZero: 0)
        listener.trackStarted(description)
        return description
    }
}
