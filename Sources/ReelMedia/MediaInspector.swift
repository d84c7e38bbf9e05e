import CFFmpeg
import ReelManifest

/// What decoding a whole stream found.
struct StreamReport: Sendable {
    var index: Int
    var kind: StreamKind
    var codecName: String
    var width: Int
    var height: Int
    /// Frames (video) or audio frames decoded.
    var frames: Int
    /// Audio samples decoded (per channel).
    var samples: Int
    /// Packets the decoder rejected.
    var decodeErrors: Int
    /// Presentation time of the first decoded frame, seconds.
    var firstTime: Double?
    /// End of the last decoded frame, seconds.
    var endTime: Double?
    /// Whether the first decoded video frame is a key frame of picture type I.
    var firstFrameIsKeyframe: Bool
    /// The stream's language tag, if any.
    var language: String?
    /// Pixel format of the decoded video frames (`yuv420p`, `yuv420p10le`, …).
    var pixelFormat: String?
    /// Whether any decoded video frame was flagged interlaced.
    var sawInterlacedFrame = false
    /// Audio channels of the decoded frames.
    var channels = 0
    /// Video frames that carry CEA-608/708 closed-caption data (A/53 side data).
    var closedCaptionFrames = 0
}

/// One packet as the demuxer delivered it.
struct InspectedPacket: Sendable {
    var streamIndex: Int
    /// Presentation time in seconds.
    var time: Double
    /// Duration in seconds (0 when unknown).
    var duration: Double
    var data: [UInt8]
}

/// Reads a file or manifest completely through libavformat and libavcodec and reports what it
/// decoded. Used to check packages the way a player's demuxer sees them.
enum MediaInspector {
    /// Decodes every stream of a source to the end.
    /// - Parameter url: A file path, an `.m3u8` playlist or an `.mpd` manifest.
    /// - Returns: One report per audio or video stream.
    static func decodeAll(_ url: String) throws -> [StreamReport] {
        let demuxer = try Demuxer(url: url)
        var decoders: [Int: Decoder] = [:]
        var reports: [Int: StreamReport] = [:]
        for stream in demuxer.streams where stream.kind == .video || stream.kind == .audio {
            decoders[stream.index] = try Decoder(demuxer: demuxer, streamIndex: stream.index, threads: 1)
            reports[stream.index] = StreamReport(
                index: stream.index, kind: stream.kind, codecName: stream.codecName, width: stream.width,
                height: stream.height, frames: 0, samples: 0, decodeErrors: 0, firstTime: nil, endTime: nil,
                firstFrameIsKeyframe: false, language: stream.language)
        }
        func consume(_ index: Int, _ packet: Packet?) {
            guard let decoder = decoders[index], var report = reports[index] else { return }
            do {
                for frame in try decoder.decode(packet) {
                    let tb = decoder.timeBase.value
                    let pts = frame.bestEffortTimestamp.map { Double($0) * tb }
                    if report.frames == 0 {
                        report.firstTime = pts
                        report.firstFrameIsKeyframe = frame.isKeyframe && frame.isIntraPicture
                    }
                    report.frames += 1
                    if report.kind == .video {
                        report.pixelFormat = decoder.pixelFormatName
                        if frame.pointer.pointee.interlaced_frame != 0 { report.sawInterlacedFrame = true }
                        if frame.hasClosedCaptions { report.closedCaptionFrames += 1 }
                    } else {
                        report.channels = Int(frame.pointer.pointee.ch_layout.nb_channels)
                    }
                    report.samples += frame.sampleCount
                    if let pts {
                        let length = Double(frame.pointer.pointee.pkt_duration) * tb
                        report.endTime = max(report.endTime ?? pts, pts + length)
                    }
                }
            } catch {
                report.decodeErrors += 1
            }
            reports[index] = report
        }
        while let packet = try demuxer.read() {
            consume(packet.streamIndex, packet)
        }
        for index in decoders.keys { consume(index, nil) }
        return reports.keys.sorted().compactMap { reports[$0] }
    }

    /// Reads the packets of the streams of some kinds without decoding them (subtitle and data
    /// tracks: WebVTT in MP4 shows up as a data stream).
    /// - Parameters:
    ///   - url: A file path or manifest.
    ///   - kinds: The stream kinds to keep.
    /// - Returns: The source's streams and the packets of the kept ones, in file order.
    static func packets(_ url: String, kinds: Set<StreamKind>) throws -> (
        streams: [StreamInfo], packets: [InspectedPacket]
    ) {
        let demuxer = try Demuxer(url: url)
        let kept = Set(demuxer.streams.filter { kinds.contains($0.kind) }.map(\.index))
        demuxer.discardAll(except: kept)
        var packets: [InspectedPacket] = []
        while let packet = try demuxer.read() {
            guard kept.contains(packet.streamIndex), let pts = packet.pts ?? packet.dts else { continue }
            let timeBase = demuxer.streams[packet.streamIndex].timeBase.value
            packets.append(
                InspectedPacket(
                    streamIndex: packet.streamIndex, time: Double(pts) * timeBase,
                    duration: Double(packet.duration) * timeBase, data: packet.data))
        }
        return (demuxer.streams, packets)
    }
}
