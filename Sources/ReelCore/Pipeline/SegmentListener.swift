import ReelManifest

/// Hears each segment as it is written, in the spirit of Shaka Packager's `MuxerListener`: the
/// manifests, progress events and anything else that reports on a package are fed by these calls,
/// never by reading the writers' internals afterwards.
///
/// Calls come from the thread that wrote the file (a rendition's thread, or the writer thread of a
/// package-only run), one rendition's calls in order; conforming types guard their own state.
protocol SegmentListener: AnyObject, Sendable {
    /// A rendition's track started: its timing is fixed and its header (an fMP4 `init.mp4`) is
    /// written, or comes with its first segment when it needs the stream's first frames.
    func trackStarted(_ track: TrackDescription)
    /// A media segment of a started track is written.
    func segmentWritten(_ segment: SegmentFact, in track: TrackDescription)
}

/// One rendition in one container, as a listener hears of it.
struct TrackDescription: Sendable {
    /// What the manifests say of the rendition; `segments` is empty (they come one by one).
    var rendition: RenditionFacts
    /// Where presentation time zero lies in the segments, in ticks of the rendition's timescale:
    /// 0 in fMP4 (its edit list starts the presentation there), the presentation offset plus the
    /// muxer's shift in MPEG-TS, whose timestamps players read as they are.
    var presentationZero: Int64

    /// The rendition's id (its directory in the package).
    var id: String { rendition.id }
    /// The container of the track's segments.
    var container: SegmentContainer { rendition.container }
}
