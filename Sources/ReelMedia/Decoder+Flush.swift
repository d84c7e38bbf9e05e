import CFFmpeg

extension Decoder {
    /// Drops every buffered packet and frame, e.g. after the demuxer seeked.
    public func flush() {
        avcodec_flush_buffers(context)
    }
}
