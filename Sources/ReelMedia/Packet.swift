import CFFmpeg
import ReelManifest

/// An owned compressed packet. One owner at a time: it may move between threads, never be shared.
public final class Packet: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<AVPacket>

    /// Takes ownership of an allocated packet.
    init(taking pointer: UnsafeMutablePointer<AVPacket>) {
        self.pointer = pointer
    }

    /// Allocates an empty packet.
    init() {
        pointer = av_packet_alloc()
    }

    deinit {
        var p: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&p)
    }

    /// A new packet sharing this one's data (reference counted).
    public func clone() -> Packet {
        Packet(taking: av_packet_clone(pointer))
    }

    public var streamIndex: Int { Int(pointer.pointee.stream_index) }

    /// Presentation time in the packet's time base, nil when unknown.
    public var pts: Int64? {
        get { pointer.pointee.pts == reel_nopts_value() ? nil : pointer.pointee.pts }
        set { pointer.pointee.pts = newValue ?? reel_nopts_value() }
    }

    /// Decoding time in the packet's time base, nil when unknown.
    public var dts: Int64? {
        get { pointer.pointee.dts == reel_nopts_value() ? nil : pointer.pointee.dts }
        set { pointer.pointee.dts = newValue ?? reel_nopts_value() }
    }

    /// Duration in the packet's time base (0 when unknown).
    public var duration: Int64 {
        get { pointer.pointee.duration }
        set { pointer.pointee.duration = newValue }
    }

    /// Whether the packet starts with a keyframe.
    public var isKeyframe: Bool { pointer.pointee.flags & AV_PKT_FLAG_KEY != 0 }

    /// Whether the demuxer flagged the packet as corrupt.
    var isCorrupt: Bool { pointer.pointee.flags & AV_PKT_FLAG_CORRUPT != 0 }

    /// Payload size in bytes.
    public var size: Int { Int(pointer.pointee.size) }

    /// A copy of the payload.
    var data: [UInt8] {
        guard let bytes = pointer.pointee.data, pointer.pointee.size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: bytes, count: Int(pointer.pointee.size)))
    }

    /// Byte position in the source file, when known.
    var position: Int64? { pointer.pointee.pos >= 0 ? pointer.pointee.pos : nil }

    /// Rescales the timestamps between time bases.
    func rescale(from source: Rational, to target: Rational) {
        av_packet_rescale_ts(pointer, source.av, target.av)
    }

    /// The packet without its ADTS header, when it has one (AAC from MPEG-TS): the same data,
    /// shared, seven bytes (nine with a CRC) further on.
    func droppingADTSHeader() -> Packet {
        let p = pointer.pointee
        guard p.size > 9, let data = p.data, data[0] == 0xFF, data[1] & 0xF6 == 0xF0 else { return self }
        let header: Int32 = data[1] & 0x01 == 1 ? 7 : 9
        let copy = clone()
        copy.pointer.pointee.data = copy.pointer.pointee.data.advanced(by: Int(header))
        copy.pointer.pointee.size -= header
        return copy
    }
}
