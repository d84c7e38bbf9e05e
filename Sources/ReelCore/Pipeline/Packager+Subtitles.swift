import Foundation
import ReelManifest
import ReelMedia

extension Packager {
    /// Opens a decoder per embedded text subtitle stream of the plan; a stream whose decoder will
    /// not open is skipped with a warning.
    static func subtitleCollectors(
        _ plan: SubtitlePlan, demuxer: Demuxer
    ) -> (collectors: [EmbeddedSubtitleCollector], warnings: [String]) {
        var collectors: [EmbeddedSubtitleCollector] = []
        var warnings: [String] = []
        for entry in plan.entries {
            guard case .stream(let stream) = entry.origin else { continue }
            do {
                collectors.append(
                    EmbeddedSubtitleCollector(
                        entry: entry, decoder: try SubtitleDecoder(demuxer: demuxer, streamIndex: stream.index)))
            } catch {
                warnings.append("\(entry.label): \(error); subtitle track skipped")
            }
        }
        return (collectors, warnings)
    }

    /// The finished subtitle tracks: sidecar cues as written, embedded cues moved to the
    /// package's timeline (source time `zero` is presentation time zero), every track's timing
    /// normalised. Tracks without cues are left out with a warning.
    static func subtitleTracks(
        _ plan: SubtitlePlan, collectors: [EmbeddedSubtitleCollector], zero: Double
    ) -> (tracks: [SubtitleTrack], warnings: [String]) {
        var tracks: [SubtitleTrack] = []
        var warnings: [String] = []
        let collected = Dictionary(uniqueKeysWithValues: collectors.map { ($0.entry.id, $0) })
        for entry in plan.entries {
            let cues: [SubtitleCue]
            var styles: [String] = []
            switch entry.origin {
            case .sidecar(let document):
                cues = document.cues
                styles = document.styles
            case .stream:
                guard let collector = collected[entry.id] else { continue }
                if collector.failures > 0 {
                    warnings.append("\(entry.label): \(collector.failures) subtitle packet(s) could not be decoded")
                }
                cues = SubtitleEvents.cues(collector.events, header: collector.decoder.header, zero: zero)
            }
            let (normalized, fixes) = CueTimeline.normalize(cues, file: entry.label)
            warnings += fixes
            guard !normalized.isEmpty else {
                warnings.append("\(entry.label): no cues; no subtitle track made from it")
                continue
            }
            tracks.append(
                SubtitleTrack(
                    id: entry.id, language: entry.language, name: entry.name, isForced: entry.isForced,
                    isDefault: entry.isDefault, isSDH: entry.isSDH, cues: normalized, styles: styles,
                    origin: entry.label))
        }
        return (tracks, warnings)
    }

    /// The segment instants and timestamp mapping of one container, from the first video rung
    /// (or the first audio rendition of an audio-only package).
    static func subtitleTimeline(
        _ container: SegmentContainer, video: [VideoRenditionWorker], audio: [AudioRenditionWorker]
    ) -> SubtitleTimeline? {
        guard
            let track = video.first.flatMap({ $0.output.track(container) })
                ?? audio.first.flatMap({ $0.output.track(container) }),
            !track.recorder.segments.isEmpty
        else { return nil }
        // Players map cue time zero to MPEGTS: the timestamp at which they find presentation time
        // zero in the segments (0 in fMP4 with its edit list, the offset in MPEG-TS).
        let mpegTS = rescale(track.muxer.presentationZero, from: track.muxer.timeBase, to: Rational(1, 90_000))
        return SubtitleTimeline(
            timescale: track.recorder.timescale, segments: track.recorder.segments, mpegTS: mpegTS)
    }

    /// Writes every subtitle track's files and adds their renditions to the package facts:
    /// segmented WebVTT to the facts HLS uses, WebVTT in fMP4 to the fMP4 facts DASH uses.
    static func writeSubtitles(
        _ tracks: [SubtitleTrack], into facts: inout [PackageFacts], containers: [SegmentContainer],
        request: PackageRequest, video: [VideoRenditionWorker], audio: [AudioRenditionWorker],
        writer: SubtitleRenditionWriter
    ) throws {
        guard !tracks.isEmpty else { return }
        var warned = false
        for (index, container) in containers.enumerated() {
            guard let timeline = subtitleTimeline(container, video: video, audio: audio) else { continue }
            if !warned {
                warned = true
                for track in tracks {
                    let late = timeline.cuesAfterEnd(track.cues)
                    if late > 0 {
                        writer.reporter.warn("\(track.origin): \(late) cue(s) after the end of the media dropped")
                    }
                }
            }
            for track in tracks {
                if request.formats.contains(.hls) && container == request.hlsContainer {
                    facts[index].renditions.append(try writer.writeHLS(track, timeline: timeline))
                }
                if request.formats.contains(.dash) && container == .fmp4 {
                    facts[index].renditions.append(try writer.writeDASH(track, timeline: timeline))
                }
            }
        }
    }

    /// The closed-caption service the renditions carry, and a warning for rungs that lose the
    /// source's captions.
    static func closedCaptions(
        sourceFrames: Int, video: [VideoRenditionWorker], plan: JobPlan
    ) -> (facts: ClosedCaptionFacts?, warning: String?) {
        guard sourceFrames > 0 else { return (nil, nil) }
        let language = plan.audio.first(where: \.isDefault)?.language
        let facts = ClosedCaptionFacts(
            instreamID: "CC1", language: language, name: SubtitleLanguage.displayName(language) ?? "Captions")
        let lost = video.filter { !$0.carriesCaptions }.map(\.id)
        guard !lost.isEmpty else { return (facts, nil) }
        let reason =
            plan.videoSettings.codec == .h264
            ? "their frame rate differs from the source's" : "libx265 cannot carry them"
        return (facts, "\(plan.source): CEA-608/708 captions not kept in \(lost.joined(separator: ", ")): \(reason)")
    }
}
