import CFFmpeg
import Foundation
import Logging

/// Routes FFmpeg's own log into swift-log (label `reel.ffmpeg`), so nothing FFmpeg prints reaches
/// the terminal directly.
public enum FFmpegLog {
    private static let logger = Logger(label: "reel.ffmpeg")
    private static let lock = NSLock()
    nonisolated(unsafe) private static var installed = false

    /// Installs the route. The first call wins; later calls through `installIfNeeded()` keep it.
    /// - Parameter verbose: Also forward FFmpeg's informational messages.
    public static func install(verbose: Bool = false) {
        lock.withLock {
            installed = true
            av_log_set_level(verbose ? AV_LOG_INFO : AV_LOG_WARNING)
            reel_set_log_sink { level, line in
                guard let line else { return }
                let text = String(cString: line).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { return }
                switch level {
                case ...AV_LOG_WARNING: FFmpegLog.logger.debug("\(text)")
                default: FFmpegLog.logger.trace("\(text)")
                }
            }
        }
    }

    /// Installs the default route unless one is in place.
    public static func installIfNeeded() {
        if lock.withLock({ installed }) { return }
        install()
    }
}
