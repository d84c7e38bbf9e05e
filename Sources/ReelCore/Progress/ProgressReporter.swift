import Foundation

/// Collects progress from the rendition threads and turns it into events: throttled,
/// monotonic, and ending with the completion at 1.0.
final class ProgressReporter: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private let emit: @Sendable (ProgressEvent) -> Void
    private let duration: Double
    private let start = Date()
    private let interval: Double
    private var renditions: [String: RenditionProgress] = [:]
    /// Bytes of the segments written so far, per rendition (every container).
    private var bytes: [String: Int] = [:]
    private var order: [String] = []
    private var lastFraction = 0.0
    private var lastEmit = Date.distantPast
    private(set) var warningCount = 0

    /// - Parameters:
    ///   - duration: Source duration in seconds (0 when unknown).
    ///   - renditions: Rendition ids, in manifest order.
    ///   - interval: Minimum seconds between progress events.
    ///   - emit: Receives every event; called from any thread, one at a time.
    init(
        duration: Double, renditions: [String], interval: Double = 0.25,
        emit: @escaping @Sendable (ProgressEvent) -> Void
    ) {
        self.duration = duration
        self.interval = interval
        self.emit = emit
        order = renditions
        for id in renditions {
            self.renditions[id] = RenditionProgress(rendition: id, outTime: 0, frames: 0, fps: 0, bitrate: 0)
        }
    }

    var elapsed: Double { Date().timeIntervalSince(start) }

    func send(_ event: ProgressEvent) {
        lock.withLock { emit(event) }
    }

    func warn(_ message: String) {
        lock.withLock {
            warningCount += 1
            emit(.warning(message))
        }
    }

    /// Records a rendition's position and emits a progress event when due; the bitrate shown
    /// counts the segments written so far (`segmentWritten`).
    func update(rendition: String, outTime: Double, frames: Int) {
        lock.lock()
        defer { lock.unlock() }
        let wall = max(elapsed, 1e-3)
        let written = bytes[rendition] ?? 0
        renditions[rendition] = RenditionProgress(
            rendition: rendition, outTime: outTime, frames: frames, fps: Double(frames) / wall,
            bitrate: outTime > 0 ? Int(Double(written * 8) / outTime) : 0)
        let now = Date()
        guard now.timeIntervalSince(lastEmit) >= interval else { return }
        lastEmit = now
        emit(.progress(snapshot(final: false)))
    }

    /// Counts a written segment's bytes and emits `segmentWritten`.
    func record(segment: SegmentWritten) {
        lock.withLock {
            bytes[segment.rendition, default: 0] += segment.bytes
            emit(.segmentWritten(segment))
        }
    }

    /// The last progress event: fraction 1.0.
    func finish() {
        lock.withLock { emit(.progress(snapshot(final: true))) }
    }

    private func snapshot(final: Bool) -> ProgressUpdate {
        let list = order.compactMap { renditions[$0] }
        let slowest = list.min { $0.outTime < $1.outTime }
        let outTime = slowest?.outTime ?? 0
        var fraction = duration > 0 ? min(outTime / duration, 0.999) : 0
        if final { fraction = 1 }
        fraction = max(fraction, lastFraction)
        lastFraction = fraction
        let wall = max(elapsed, 1e-3)
        return ProgressUpdate(
            fraction: fraction, outTime: outTime, fps: slowest?.fps ?? 0, speed: outTime / wall, elapsed: wall,
            renditions: list)
    }
}
