import Foundation
import CFFmpeg
import Logging

/// Routes FFmpeg's own log into swift-log, at warning level and above by default.
public enum FFmpegLog {
    private static let logger = Logger(label: "reel.ffmpeg")

    /// Installs the route; call once at start-up. Repeated calls are harmless.
    /// - Parameter verbose: Also forward FFmpeg's informational messages.
    public static func install(verbose: Bool = false) {
        av_log_set_level(verbose ? AV_LOG_INFO : AV_LOG_ERROR)
        reel_set_log_sink { level, line in
            guard let line else { return }
            let text = String(cString: line).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return }
            switch level {
            case ...AV_LOG_ERROR: FFmpegLog.logger.debug("\(text)")
            case AV_LOG_WARNING: FFmpegLog.logger.debug("\(text)")
            default: FFmpegLog.logger.trace("\(text)")
            }
        }
    }
}
