import Foundation
import ReelManifest
import ReelMedia

extension StartedEvent {
    /// The `started` event of a run: the source's streams and the renditions being made, one
    /// line each (`v720p 1280x720 30.000 fps 3000k`, `a128k aac 2 ch 128k from #1`).
    /// - Parameters:
    ///   - plan: What the run makes.
    ///   - copiedRung: The rung made of the source's video itself, if any.
    ///   - subtitles: Lines for the subtitle tracks.
    init(plan: RenditionPlan, copiedRung: String? = nil, subtitles: [String]) {
        let streamLines = plan.streams.map { s -> String in
            var line = "#\(s.index) \(s.kind.rawValue) \(s.codecName)"
            if s.kind == .video { line += " \(s.width)x\(s.height) \(String(format: "%.3f", s.frameRate.value)) fps" }
            if s.kind == .audio { line += " \(s.sampleRate) Hz \(s.channels) ch" }
            if let language = s.language { line += " [\(language)]" }
            return line
        }
        let renditionLines =
            plan.rungs.map {
                "v\($0.rung.name) \($0.width)x\($0.height) \(String(format: "%.3f", $0.frameRate.value)) fps "
                    + ("v\($0.rung.name)" == copiedRung ? "copied from the source" : "\($0.rung.bitrate / 1000)k")
            }
            + plan.audio.map {
                "\($0.id) \($0.rendition.codec.rawValue) \($0.rendition.channels) ch \($0.rendition.bitrate / 1000)k "
                    + "from #\($0.stream.index)"
            } + (plan.conversion?.steps ?? []).map { "video: \($0)" }
        self.init(
            source: plan.source, container: plan.container, duration: plan.duration, streams: streamLines,
            renditions: renditionLines + subtitles)
    }
}
