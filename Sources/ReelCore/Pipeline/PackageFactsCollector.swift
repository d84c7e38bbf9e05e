import Foundation
import ReelManifest

/// The listener the manifests are made from: it keeps every track's description and segments as
/// they are written, and gives each manifest the renditions of the containers it lists.
///
/// ```swift
/// let facts = PackageFactsCollector()
/// // … writers call facts.trackStarted / facts.segmentWritten while the package is made …
/// let dash = facts.package(containers: [.fmp4], segmentDuration: 6)
/// ```
final class PackageFactsCollector: SegmentListener, @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var tracks: [TrackDescription] = []

    func trackStarted(_ track: TrackDescription) {
        lock.withLock { tracks.append(track) }
    }

    func segmentWritten(_ segment: SegmentFact, in track: TrackDescription) {
        lock.withLock {
            guard let index = tracks.firstIndex(where: { $0.id == track.id && $0.container == track.container })
            else { return }
            tracks[index].rendition.segments.append(segment)
        }
    }

    /// Every track heard of, in the order they started, with their segments.
    var allTracks: [TrackDescription] { lock.withLock { tracks } }

    /// The track of a rendition in a container, with its segments so far.
    func track(_ id: String, in container: SegmentContainer) -> TrackDescription? {
        allTracks.first { $0.id == id && $0.container == container }
    }

    /// Records that video renditions carry closed captions, for the manifests to declare.
    /// - Parameters:
    ///   - captions: The caption service.
    ///   - ids: The renditions that carry it.
    func declare(_ captions: ClosedCaptionFacts, in ids: Set<String>) {
        lock.withLock {
            for index in tracks.indices where ids.contains(tracks[index].id) {
                tracks[index].rendition.video?.closedCaptions = captions
            }
        }
    }

    /// The package as one manifest sees it: the renditions written in the given containers, in
    /// the order they started; its duration is where the video's last segment ends (the
    /// audio's in an audio-only package), segments being on the presentation timeline.
    /// - Parameters:
    ///   - containers: The containers the manifest lists; the first holds the media.
    ///   - segmentDuration: The target segment duration in seconds.
    ///   - sourceDuration: The duration when no segment was written.
    func package(containers: [SegmentContainer], segmentDuration: Double, sourceDuration: Double = 0) -> PackageFacts {
        let renditions = allTracks.map(\.rendition).filter { containers.contains($0.container) }
        let media = renditions.filter { $0.container == containers.first }
        let video = media.filter { $0.kind == .video }
        let timed = video.isEmpty ? media.filter { $0.kind == .audio } : video
        let ends = timed.compactMap { rendition in
            rendition.segments.last.map { Double($0.startTime + $0.duration) / Double(rendition.timescale) }
        }
        return PackageFacts(
            renditions: renditions, segmentDuration: segmentDuration, duration: ends.max() ?? sourceDuration)
    }
}
