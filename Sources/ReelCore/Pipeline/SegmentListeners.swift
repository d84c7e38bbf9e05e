import ReelManifest

/// Several listeners heard as one: the package's facts and the progress events.
final class SegmentListeners: SegmentListener {
    private let listeners: [any SegmentListener]

    init(_ listeners: [any SegmentListener]) {
        self.listeners = listeners
    }

    func trackStarted(_ track: TrackDescription) {
        for listener in listeners { listener.trackStarted(track) }
    }

    func segmentWritten(_ segment: SegmentFact, in track: TrackDescription) {
        for listener in listeners { listener.segmentWritten(segment, in: track) }
    }
}
