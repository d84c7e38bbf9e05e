@testable import ReelMedia

/// The first video stream of an MP4 file as the encryptor sees it: the codec, the sample entry's
/// configuration record and each sample's bytes, read by libavformat.
struct VideoSamples {
    /// One sample: its bytes and presentation time (stream time base).
    struct Sample {
        var bytes: [UInt8]
        var pts: Int64?
    }

    var codecName: String
    /// The `avcC` or `hvcC` record.
    var configuration: [UInt8]
    var samples: [Sample] = []

    init(path: String) throws {
        FFmpegLog.installIfNeeded()
        let demuxer = try Demuxer(url: path)
        guard let stream = demuxer.bestStream(.video) else { throw MediaError(.invalidData, "open", "no video") }
        codecName = demuxer.streams[stream].codecName
        configuration = try CodecParameters(demuxer: demuxer, stream: stream).extradata
        demuxer.discardAll(except: [stream])
        while let packet = try demuxer.read() {
            if packet.streamIndex == stream { samples.append(Sample(bytes: packet.data, pts: packet.pts)) }
        }
    }
}
