import ReelManifest

/// The reporter hears each segment as it is written and turns it into a `segmentWritten` event.
extension ProgressReporter: SegmentListener {
    func trackStarted(_ track: TrackDescription) {}

    func segmentWritten(_ segment: SegmentFact, in track: TrackDescription) {
        record(
            segment: SegmentWritten(
                rendition: track.id, index: segment.number, path: PackageLayout.path(track.id, segment.fileName),
                bytes: segment.byteSize, duration: Double(segment.duration) / Double(track.rendition.timescale)))
    }
}
