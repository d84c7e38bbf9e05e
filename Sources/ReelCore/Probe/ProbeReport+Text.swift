import Foundation
import ReelMedia

extension ProbeReport {
    /// The report for people (`reel probe --text`): the container on one line, then one line per
    /// stream, e.g.
    /// ```
    /// talk.mp4: mov,mp4,m4a,3gp,3g2,mj2, 60.000 s, 25.4 MB
    /// #0 video h264 (High) 1920x1080 24 fps yuv420p sdr, keyframes: 30 every 2.000 s (min 2.000, max 2.000): 0.000, 2.000, 4.000, 6.000, 8.000, 10.000, 12.000, 14.000, …
    /// #1 audio aac (LC) 48000 Hz 2 ch stereo eng
    /// ```
    public var text: String {
        var head = ["\(source): \(container)"]
        if let duration { head.append("\(Self.seconds(duration)) s") }
        if let startTime, startTime != 0 { head.append("start \(Self.seconds(startTime)) s") }
        if let size { head.append(Self.bytes(size)) }
        var lines = [head.joined(separator: ", ")]
        lines += streams.map(\.text)
        if let contentID { lines.append("content id \(contentID)") }
        return lines.joined(separator: "\n")
    }

    /// Seconds with three decimals (milliseconds), as every time in the text report.
    static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    static func bytes(_ count: Int64) -> String {
        count < 1_000_000 ? "\(count) bytes" : String(format: "%.1f MB", Double(count) / 1_000_000)
    }
}

extension ProbeReport.Stream {
    /// One line: index, kind, codec and the facts of its kind; for video the keyframes.
    var text: String {
        var words = ["#\(index)", kind, codec]
        if let profile { words.append("(\(profile))") }
        if kind == "video" {
            if let width, let height { words.append("\(width)x\(height)") }
            if let sampleAspectRatio, sampleAspectRatio != "1:1" { words.append("SAR \(sampleAspectRatio)") }
            if let rotation, rotation != 0 { words.append("rotated \(rotation)°") }
            if let frameRate { words.append("\(Self.number(frameRate)) fps") }
            if let fieldOrder, fieldOrder != "progressive" { words.append("interlaced \(fieldOrder)") }
            if let pixelFormat { words.append(pixelFormat) }
            if let dynamicRange { words.append(dynamicRange) }
        } else if kind == "audio" {
            if let sampleRate { words.append("\(sampleRate) Hz") }
            if let channels { words.append("\(channels) ch") }
            if let channelLayout { words.append(channelLayout) }
        }
        if let language, language != "und" { words.append(language) }
        var line = words.joined(separator: " ")
        if let keyframes {
            line += ", keyframes: " + keyframes.text
        } else if let keyframeInterval {
            line += ", keyframes every \(ProbeReport.seconds(keyframeInterval)) s"
        }
        return line
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.3f", value)
    }
}

extension KeyframeSummary {
    /// `30 every 2.000 s (min 2.000, max 2.000): 0.000, 2.000, …` for a fixed GOP,
    /// `12 median 2.000 s (min 0.480, max 4.000): …` otherwise; `…` when more follow.
    var text: String {
        var text = "\(count)"
        if let medianInterval, let minInterval, let maxInterval {
            text += isConstant ? " every" : " median"
            text += " \(ProbeReport.seconds(medianInterval)) s"
            text += " (min \(ProbeReport.seconds(minInterval)), max \(ProbeReport.seconds(maxInterval)))"
        }
        if !firstTimes.isEmpty {
            text += ": " + firstTimes.map(ProbeReport.seconds).joined(separator: ", ")
            if count > firstTimes.count { text += ", …" }
        }
        return text
    }
}
