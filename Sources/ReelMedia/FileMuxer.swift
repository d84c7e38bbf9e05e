import CFFmpeg
import ReelManifest

/// Writes encoded streams into one media file (used to make sample and test clips).
final class FileMuxer {
    private let context: UnsafeMutablePointer<AVFormatContext>
    private var encoderTimeBases: [Rational] = []

    init(path: String, formatName: String? = nil) throws {
        var ctx: UnsafeMutablePointer<AVFormatContext>?
        try check(avformat_alloc_output_context2(&ctx, nil, formatName, path), "create muxer for \(path)")
        context = ctx!
        try check(avio_open(&context.pointee.pb, path, AVIO_FLAG_WRITE), "open \(path) for writing")
    }

    deinit {
        avio_closep(&context.pointee.pb)
        avformat_free_context(context)
    }

    /// Adds a stream for an encoder's packets; returns its index.
    func addStream(_ encoder: Encoder, metadata: [String: String] = [:], sideData rotation: Int? = nil) throws -> Int {
        try addStream(
            codec: encoder.context, timeBase: encoder.settings.timeBase, metadata: metadata, rotation: rotation)
    }

    /// Adds a stream for the packets of any opened codec context; returns its index.
    func addStream(
        codec: UnsafeMutablePointer<AVCodecContext>, timeBase: Rational, metadata: [String: String] = [:],
        rotation: Int? = nil
    ) throws -> Int {
        guard let st = avformat_new_stream(context, nil) else { throw MediaError(.other, "muxer", "out of memory") }
        try check(avcodec_parameters_from_context(st.pointee.codecpar, codec), "stream parameters")
        st.pointee.time_base = timeBase.av
        for (key, value) in metadata { av_dict_set(&st.pointee.metadata, key, value, 0) }
        if let rotation, rotation != 0 {
            let size = 9 * MemoryLayout<Int32>.size
            if let data = av_stream_new_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, size) {
                data.withMemoryRebound(to: Int32.self, capacity: 9) { av_display_rotation_set($0, Double(-rotation)) }
            }
        }
        encoderTimeBases.append(timeBase)
        return Int(st.pointee.index)
    }

    func writeHeader() throws {
        try check(avformat_write_header(context, nil), "write header")
    }

    func write(_ packet: Packet, stream: Int) throws {
        packet.pointer.pointee.stream_index = Int32(stream)
        packet.rescale(from: encoderTimeBases[stream], to: Rational(context.pointee.streams[stream]!.pointee.time_base))
        try check(av_interleaved_write_frame(context, packet.pointer), "write packet")
    }

    func finish() throws {
        try check(av_interleaved_write_frame(context, nil), "flush")
        try check(av_write_trailer(context), "write trailer")
    }
}
