import Foundation
import ReelManifest
import ReelMedia
import ReelQuality

/// Gathers the quality figures of a packaging run: each rung's probe records its pictures, and,
/// as a listener, it hears of every segment written, so the pictures are placed in the same
/// segments the `Chunker` cut (segment facts, never the writers' internals). Only the
/// pictures of segments not heard of yet are held.
///
/// ```swift
/// let quality = QualityCollector(container: .fmp4)
/// // … probes call record(_:time:quality:), writers tell it of segments …
/// let report = quality.report(facts: facts, source: "talk.mp4")
/// ```
final class QualityCollector: SegmentListener, @unchecked Sendable {
    private struct Rendition {
        var measurement = RenditionMeasurement()
        var track: TrackDescription?
        var mostHeld = 0
    }

    /// The container whose segments count (the first the package writes; the others cut at the
    /// same instants).
    private let container: SegmentContainer
    // Guarded by `lock`.
    private let lock = NSLock()
    private var renditions: [String: Rendition] = [:]
    private var order: [String] = []
    /// What per-title analysis chose, for the report; nil for a fixed ladder.
    private let perTitle: PerTitleOutcome?

    /// - Parameters:
    ///   - container: The container whose segments the figures are placed in.
    ///   - perTitle: What per-title analysis chose, when it ran.
    init(container: SegmentContainer, perTitle: PerTitleOutcome? = nil) {
        self.container = container
        self.perTitle = perTitle
    }

    /// Expects the figures of a rung; renditions not registered are not reported.
    func register(_ id: String) {
        lock.withLock {
            guard renditions[id] == nil else { return }
            renditions[id] = Rendition()
            order.append(id)
        }
    }

    /// One picture's figures.
    /// - Parameters:
    ///   - id: The rung.
    ///   - time: The picture's presentation time in seconds.
    ///   - quality: Its measurement.
    func record(_ id: String, time: Double, quality: FrameQuality) {
        lock.withLock {
            renditions[id]?.measurement.add(time: time, mse: quality.mse, ssim: quality.ssim, peak: quality.peak)
        }
    }

    /// A rung's probe is done.
    /// - Parameters:
    ///   - id: The rung.
    ///   - mostHeld: The most reference pictures it held at once.
    func finished(_ id: String, mostHeld: Int) {
        lock.withLock { renditions[id]?.mostHeld = mostHeld }
    }

    /// The most reference pictures each rung held at once (its encoder's delay), for logs.
    var referencesHeld: [String: Int] { lock.withLock { renditions.mapValues(\.mostHeld) } }

    func trackStarted(_ track: TrackDescription) {
        guard track.container == container else { return }
        lock.withLock { renditions[track.id]?.track = track }
    }

    func segmentWritten(_ segment: SegmentFact, in track: TrackDescription) {
        guard track.container == container else { return }
        let timescale = Double(track.rendition.timescale)
        lock.withLock {
            renditions[track.id]?.measurement.addSegment(
                number: segment.number, start: Double(segment.startTime) / timescale,
                duration: Double(segment.duration) / timescale, bytes: segment.byteSize)
        }
    }

    /// The report of the run.
    /// - Parameters:
    ///   - facts: The package's facts, for each rendition's declared bit rates.
    ///   - source: The source as named.
    func report(facts: PackageFactsCollector, source: String) -> QualityReport {
        let (order, renditions) = lock.withLock { (self.order, self.renditions) }
        let entries = order.compactMap { id -> RenditionQuality? in
            guard let rendition = renditions[id], let video = rendition.track?.rendition.video else { return nil }
            let stats = facts.track(id, in: container).map { BitrateStats(rendition: $0.rendition) }
            return rendition.measurement.rendition(
                id: id, width: video.width, height: video.height, codecs: rendition.track?.rendition.codecs,
                frameRate: video.frameRate.value, bandwidth: stats?.peak, averageBandwidth: stats?.average)
        }
        var report = QualityReport(source: source, measured: QualityReport.measuredWhilePackaging, renditions: entries)
        if let perTitle {
            report.trials = perTitle.trials
            report.hull = perTitle.hull
            report.chosen = perTitle.chosen
            report.perTitle = perTitle.decision
        }
        return report
    }
}
