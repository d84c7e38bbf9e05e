import Foundation

/// How far the source's video has been decoded, in presentation seconds, and where it ends.
///
/// Audio renditions follow it so that they end where the video ends: audio is encoded only up to
/// the decoded video, then trimmed or padded with silence to the video's end.
final class VideoClock: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var horizon = 0.0
    private var end: Double?

    /// Moves the horizon forward to the end of a decoded frame.
    func advance(to time: Double) {
        condition.lock()
        if time > horizon {
            horizon = time
            condition.broadcast()
        }
        condition.unlock()
    }

    /// Marks the video's end (the horizon when decoding stopped).
    func finish() {
        condition.lock()
        end = horizon
        condition.broadcast()
        condition.unlock()
    }

    /// The decoded horizon so far.
    var decoded: Double { condition.withLock { horizon } }

    /// The video's end once decoding stopped; nil before.
    var finalEnd: Double? { condition.withLock { end } }
}
