import Foundation
import ReelCore

/// A human-readable listing of a ladder for `reel ladders`.
struct LadderDescription {
    let text: String

    init(_ ladder: Ladder) {
        var lines = ["\(ladder.name): \(ladder.summary)"]
        lines.append(
            "  segments \(Self.seconds(ladder.segmentDuration)), keyframes every \(Self.seconds(ladder.keyframeInterval))"
        )
        if let video = ladder.video {
            var codec = "  video \(video.codec.rawValue) (\(video.codec.encoderName)), preset \(video.preset)"
            if let profile = video.profile { codec += ", profile \(profile)" }
            codec += ", \(video.pixelFormat)"
            if case .crf(let value) = video.rateControl { codec += ", crf \(Self.number(value)) capped" }
            lines.append(codec)
        }
        for rung in ladder.rungs {
            let size = "\(rung.width.map(String.init) ?? "auto")x\(rung.height.map(String.init) ?? "auto")"
            var line =
                "    \(rung.name.padding(toLength: 12, withPad: " ", startingAt: 0)) "
                + "\(size.padding(toLength: 10, withPad: " ", startingAt: 0)) \(Bitrate.format(rung.bitrate))"
            if let maxrate = rung.maxrate { line += "  max \(Bitrate.format(maxrate))" }
            if let bufsize = rung.bufsize { line += "  buf \(Bitrate.format(bufsize))" }
            if let fps = rung.maxFrameRate { line += "  ≤\(Self.number(fps)) fps" }
            lines.append(line)
        }
        for audio in ladder.audio {
            lines.append(
                "  audio \(audio.name): \(audio.codec.rawValue) \(Bitrate.format(audio.bitrate)), "
                    + "\(audio.channels) ch, \(audio.sampleRate) Hz")
        }
        text = lines.joined(separator: "\n")
    }

    private static func seconds(_ value: Double) -> String { "\(number(value)) s" }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
