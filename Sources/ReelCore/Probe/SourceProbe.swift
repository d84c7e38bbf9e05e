import Foundation
import ReelManifest
import ReelMedia

/// Reads a source's container and stream facts (`reel probe`).
public enum SourceProbe {
    /// Probes a source.
    /// - Parameters:
    ///   - source: The source.
    ///   - contentID: Whether to compute the SHA-256 of the bytes (reads the unread rest once).
    ///   - keyframes: Whether to summarize every video stream's keyframes (`KeyframeSummary`) with
    ///     one pass over the source's packets, without decoding. Without it only the headers (and
    ///     the container's keyframe index, or the first 30 s of packets) are read.
    ///   - options: Network and S3 settings.
    /// - Returns: The report.
    /// - Throws: `ReelError` when the source cannot be read or is not media.
    public static func probe(
        _ source: MediaSource, contentID: Bool = false, keyframes: Bool = true,
        options: MediaSourceOptions = MediaSourceOptions()
    ) throws(ReelError) -> ProbeReport {
        let (demuxer, hasher) = try source.openDemuxer(options: options)
        let videoIndex = demuxer.bestStream(.video)
        var streams = demuxer.streams.map { Self.stream($0) }
        if keyframes {
            let video = demuxer.streams.filter { $0.kind == .video && !$0.isAttachedPicture }.map(\.index)
            let summaries: [Int: KeyframeSummary]
            do {
                // Times count from the input's first picture, as `--package-only` counts them (and
                // names them when renditions' keyframes do not line up).
                summaries = try demuxer.keyframeSummaries(
                    streams: video, origin: Packager.presentationZero(demuxer))
            } catch {
                throw ReelError.classify(error, source: source.description)
            }
            for (index, summary) in summaries { streams[index].keyframes = summary }
            if let videoIndex, let median = summaries[videoIndex]?.medianInterval {
                streams[videoIndex].keyframeInterval = median
            }
        } else if let videoIndex {
            streams[videoIndex].keyframeInterval = keyframeInterval(demuxer, stream: demuxer.streams[videoIndex])
        }
        let size = demuxer.byteSize ?? hasher.size
        let id = contentID ? try hasher.finish(source: source.description) : nil
        return ProbeReport(
            source: source.description, container: demuxer.formatName, duration: demuxer.duration,
            startTime: demuxer.startTime, size: size, streams: streams, contentID: id)
    }

    static func stream(_ info: StreamInfo) -> ProbeReport.Stream {
        var s = ProbeReport.Stream(
            index: info.index, kind: info.kind.rawValue, codec: info.codecName, profile: info.profile,
            language: info.language, title: info.title, bitRate: info.bitRate, duration: info.duration,
            startTime: info.startTime)
        if info.kind == .video {
            s.width = info.width
            s.height = info.height
            let sar = info.sampleAspectRatio
            s.sampleAspectRatio = sar.numerator > 0 && sar.denominator > 0 ? "\(sar.numerator):\(sar.denominator)" : nil
            s.rotation = info.rotation
            s.frameRate = info.frameRate.isValid ? (info.frameRate.value * 1000).rounded() / 1000 : nil
            s.fieldOrder = info.fieldOrder
            s.pixelFormat = info.pixelFormat
            s.colorPrimaries = known(info.colorPrimaries)
            s.colorTransfer = known(info.colorTransfer)
            s.colorSpace = known(info.colorSpace)
            s.colorRange = info.colorRange
            switch info.colorTransfer {
            case "smpte2084": s.dynamicRange = "pq"
            case "arib-std-b67": s.dynamicRange = "hlg"
            default: s.dynamicRange = "sdr"
            }
        } else if info.kind == .audio {
            s.sampleRate = info.sampleRate
            s.channels = info.channels
            s.channelLayout = info.channelLayout
        }
        return s
    }

    /// nil for FFmpeg's `unknown`/`unspecified` placeholders.
    private static func known(_ name: String?) -> String? {
        name == "unknown" || name == "unspecified" || name == "reserved" ? nil : name
    }

    /// The median distance between keyframes: from the container's index when it has one,
    /// otherwise from the first 30 s (or 2000 packets) of the stream.
    static func keyframeInterval(_ demuxer: Demuxer, stream: StreamInfo) -> Double? {
        var keyframes = demuxer.indexedKeyframes(stream: stream.index)
        if keyframes.count < 2 {
            keyframes = []
            var packets = 0
            var first: Int64?
            while packets < 2000, let packet = try? demuxer.read() {
                guard packet.streamIndex == stream.index else { continue }
                packets += 1
                guard let pts = packet.pts ?? packet.dts else { continue }
                if first == nil { first = pts }
                if packet.isKeyframe { keyframes.append(pts) }
                if Double(pts - first!) * stream.timeBase.value > 30 { break }
            }
            keyframes.sort()
        }
        guard keyframes.count >= 2 else { return nil }
        let gaps = zip(keyframes.dropFirst(), keyframes).map { Double($0 - $1) * stream.timeBase.value }.sorted()
        return (gaps[gaps.count / 2] * 1000).rounded() / 1000
    }
}
