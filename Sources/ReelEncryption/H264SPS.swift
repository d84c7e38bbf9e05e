/// What an H.264 slice header needs from a sequence parameter set (ITU-T H.264 7.3.2.1.1). Parsing stops after
/// `frame_mbs_only_flag`: nothing later in the SPS (VUI, cropping) changes a slice header's syntax.
struct H264SPS: Sendable, Equatable {
    /// `seq_parameter_set_id`.
    var id: Int
    /// `separate_colour_plane_flag`: slices carry `colour_plane_id`.
    var separateColourPlanes = false
    /// `ChromaArrayType`: 0 (monochrome or separate planes) leaves the chroma weights out of the weight table.
    var chromaArrayType = 1
    /// `log2_max_frame_num_minus4 + 4`: the width of `frame_num`.
    var frameNumBits = 4
    /// `pic_order_cnt_type`.
    var picOrderCountType = 0
    /// `log2_max_pic_order_cnt_lsb_minus4 + 4`: the width of `pic_order_cnt_lsb` (POC type 0).
    var picOrderCountLSBBits = 4
    /// `delta_pic_order_always_zero_flag` (POC type 1).
    var deltaPicOrderAlwaysZero = false
    /// `frame_mbs_only_flag`: when false, slices carry `field_pic_flag`.
    var frameMBsOnly = true
    /// `PicSizeInMapUnits` (7-16): the map units of a picture, for `slice_group_change_cycle`.
    var picSizeInMapUnits = 0

    /// The profiles whose SPS carries `chroma_format_idc`, bit depths and scaling lists (7.3.2.1.1).
    private static let highProfiles: Set<Int> = [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]

    /// Parses an SPS NAL unit.
    /// - Parameter rbsp: The NAL unit's RBSP, its one-byte NAL header included.
    init(rbsp: [UInt8]) throws(SliceHeaderError) {
        var r = SyntaxReader(rbsp, unit: "H.264 SPS")
        try r.skip(8)  // NAL header
        let profile = try r.bits(8)
        try r.skip(16)  // constraint_set flags, reserved_zero_2bits, level_idc
        id = try r.ue("seq_parameter_set_id", max: 31)
        if Self.highProfiles.contains(profile) {
            let chromaFormat = try r.ue("chroma_format_idc", max: 3)
            if chromaFormat == 3 { separateColourPlanes = try r.flag() }
            chromaArrayType = separateColourPlanes ? 0 : chromaFormat
            _ = try r.ue("bit_depth_luma_minus8", max: 6)
            _ = try r.ue("bit_depth_chroma_minus8", max: 6)
            try r.skip(1)  // qpprime_y_zero_transform_bypass_flag
            if try r.flag() {  // seq_scaling_matrix_present_flag
                for list in 0..<(chromaFormat == 3 ? 12 : 8) {
                    if try r.flag() { try Self.skipScalingList(&r, size: list < 6 ? 16 : 64) }
                }
            }
        }
        frameNumBits = try r.ue("log2_max_frame_num_minus4", max: 12) + 4
        picOrderCountType = try r.ue("pic_order_cnt_type", max: 2)
        if picOrderCountType == 0 {
            picOrderCountLSBBits = try r.ue("log2_max_pic_order_cnt_lsb_minus4", max: 12) + 4
        } else if picOrderCountType == 1 {
            deltaPicOrderAlwaysZero = try r.flag()
            _ = try r.se("offset_for_non_ref_pic")
            _ = try r.se("offset_for_top_to_bottom_field")
            let cycle = try r.ue("num_ref_frames_in_pic_order_cnt_cycle", max: 255)
            for _ in 0..<cycle { _ = try r.se("offset_for_ref_frame") }
        }
        _ = try r.ue("max_num_ref_frames")
        try r.skip(1)  // gaps_in_frame_num_value_allowed_flag
        let widthInMBs = try r.ue("pic_width_in_mbs_minus1", max: 1 << 16) + 1
        let heightInMapUnits = try r.ue("pic_height_in_map_units_minus1", max: 1 << 16) + 1
        picSizeInMapUnits = widthInMBs * heightInMapUnits
        frameMBsOnly = try r.flag()
    }

    /// Skips one `scaling_list()` (7.3.2.1.1.1): deltas until the list is full or a delta makes the next
    /// scale 0.
    private static func skipScalingList(_ r: inout SyntaxReader, size: Int) throws(SliceHeaderError) {
        var last = 8
        for _ in 0..<size {
            let next = (last + (try r.se("delta_scale", in: -128...127)) + 256) % 256
            if next == 0 { return }
            last = next
        }
    }
}
