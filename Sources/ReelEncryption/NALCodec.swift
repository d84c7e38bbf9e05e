/// The video codecs whose samples are NAL units with length fields (ISO/IEC 14496-15): H.264 in `avc1`/`avc3`
/// sample entries and HEVC in `hvc1`/`hev1`.
public enum NALCodec: Sendable, Equatable {
    /// ITU-T H.264 | ISO/IEC 14496-10, configured by an `avcC` record.
    case h264
    /// ITU-T H.265 | ISO/IEC 23008-2, configured by an `hvcC` record.
    case hevc

    /// The name used in messages.
    var name: String {
        switch self {
        case .h264: "H.264"
        case .hevc: "HEVC"
        }
    }
}
