import Foundation
import ReelManifest
import ReelMedia

/// The subtitle tracks of a run: the source's text streams are decoded on the reader's thread as
/// their packets go by; once the media is written, every track is cut at the segment instants of
/// a written rendition and its files are written, the listener hearing of each.
struct SubtitlePackager {
    let plan: SubtitlePlan
    /// One per embedded text stream, for the reader.
    let collectors: [EmbeddedSubtitleCollector]
    /// Streams skipped because their decoder would not open.
    let warnings: [String]

    /// Opens a decoder per embedded text subtitle stream of the plan; a stream whose decoder will
    /// not open is skipped with a warning.
    init(plan: SubtitlePlan, demuxer: Demuxer) {
        self.plan = plan
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
        self.collectors = collectors
        self.warnings = warnings
    }

    /// The finished subtitle tracks: sidecar cues as written, embedded cues moved to the
    /// package's timeline (source time `zero` is presentation time zero), every track's timing
    /// normalised. Tracks without cues are left out with a warning.
    func tracks(zero: Double) -> (tracks: [SubtitleTrack], warnings: [String]) {
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
    /// (or the first audio rendition of an audio-only package) as the listener heard it.
    static func timeline(_ container: SegmentContainer, facts: PackageFactsCollector) -> SubtitleTimeline? {
        let tracks = facts.allTracks.filter { $0.container == container }
        guard
            let track = tracks.first(where: { $0.rendition.kind == .video })
                ?? tracks.first(where: { $0.rendition.kind == .audio }),
            !track.rendition.segments.isEmpty
        else { return nil }
        // Players map cue time zero to MPEGTS: the timestamp at which they find presentation time
        // zero in the segments (0 in fMP4 with its edit list, the offset in MPEG-TS).
        let mpegTS = rescale(
            track.presentationZero, from: Rational(1, Int(track.rendition.timescale)), to: Rational(1, 90_000))
        return SubtitleTimeline(
            timescale: track.rendition.timescale, segments: track.rendition.segments, mpegTS: mpegTS)
    }

    /// Writes every subtitle track's files, the listener hearing of each: segmented WebVTT for
    /// HLS, WebVTT in fMP4 for DASH.
    /// - Parameters:
    ///   - tracks: The finished tracks.
    ///   - request: The formats and containers.
    ///   - facts: The media written, whose segment instants the tracks are cut at.
    ///   - writer: Writes the files.
    ///   - reporter: Told of cues that would never show.
    static func write(
        _ tracks: [SubtitleTrack], request: PackageRequest, facts: PackageFactsCollector,
        writer: SubtitleRenditionWriter, reporter: ProgressReporter
    ) throws {
        guard !tracks.isEmpty else { return }
        var warned = false
        for container in request.containers {
            guard let timeline = timeline(container, facts: facts) else { continue }
            if !warned {
                warned = true
                for track in tracks {
                    let late = timeline.cuesAfterEnd(track.cues)
                    if late > 0 {
                        reporter.warn("\(track.origin): \(late) cue(s) after the end of the media dropped")
                    }
                }
            }
            for track in tracks {
                if request.formats.contains(.hls) && container == request.hlsSegments {
                    try writer.writeHLS(track, timeline: timeline)
                }
                if request.formats.contains(.dash) && container == .fmp4 {
                    try writer.writeDASH(track, timeline: timeline)
                }
            }
        }
    }
}
