/// What an HEVC slice segment header needs from a sequence parameter set (ITU-T H.265 7.3.2.2). Parsing stops
/// after `strong_intra_smoothing_enabled_flag`: the VUI and the range and multilayer extensions do not change
/// a slice segment header's syntax. Screen content coding, whose SPS extension does, is refused by profile.
struct HEVCSPS: Sendable, Equatable {
    /// `sps_seq_parameter_set_id`.
    var id: Int
    /// `separate_colour_plane_flag`: slices carry `colour_plane_id`.
    var separateColourPlanes = false
    /// `ChromaArrayType`: 0 leaves out `slice_sao_chroma_flag` and the chroma weights.
    var chromaArrayType = 1
    /// `log2_max_pic_order_cnt_lsb_minus4 + 4`: the width of `slice_pic_order_cnt_lsb` and `lt_ref_pic_poc_lsb`.
    var picOrderCountLSBBits = 4
    /// `PicSizeInCtbsY` (7-19): the coding tree blocks of a picture.
    var picSizeInCTBs = 1
    /// `sample_adaptive_offset_enabled_flag`.
    var sampleAdaptiveOffset = false
    /// The `st_ref_pic_set()`s of the SPS.
    var shortTermRPS: [HEVCShortTermRPS] = []
    /// `long_term_ref_pics_present_flag`.
    var longTermRefsPresent = false
    /// `used_by_curr_pic_lt_sps_flag[i]`, one for each of the SPS's `num_long_term_ref_pics_sps` candidates.
    var longTermUsedByCurrent: [Bool] = []
    /// `sps_temporal_mvp_enabled_flag`.
    var temporalMVP = false

    /// The width of `slice_segment_address`: `Ceil(Log2(PicSizeInCtbsY))`.
    var sliceAddressBits: Int { picSizeInCTBs.ceilLog2 }

    /// Parses an SPS NAL unit of the base layer.
    /// - Parameter rbsp: The NAL unit's RBSP, its two-byte NAL header included.
    init(rbsp: [UInt8]) throws(SliceHeaderError) {
        var r = SyntaxReader(rbsp, unit: "HEVC SPS")
        try r.skip(16)  // NAL header
        try r.skip(4)  // sps_video_parameter_set_id
        let subLayersMinus1 = try r.bits(3)
        guard subLayersMinus1 <= 6 else { throw r.invalid("sps_max_sub_layers_minus1", subLayersMinus1) }
        try r.skip(1)  // sps_temporal_id_nesting_flag
        try Self.skipProfileTierLevel(&r, subLayersMinus1: subLayersMinus1)
        id = try r.ue("sps_seq_parameter_set_id", max: 15)
        let chromaFormat = try r.ue("chroma_format_idc", max: 3)
        if chromaFormat == 3 { separateColourPlanes = try r.flag() }
        chromaArrayType = separateColourPlanes ? 0 : chromaFormat
        let width = try r.ue("pic_width_in_luma_samples", max: 1 << 16)
        let height = try r.ue("pic_height_in_luma_samples", max: 1 << 16)
        if try r.flag() {  // conformance_window_flag
            for _ in 0..<4 { _ = try r.ue("conf_win_offset") }
        }
        _ = try r.ue("bit_depth_luma_minus8", max: 8)
        _ = try r.ue("bit_depth_chroma_minus8", max: 8)
        picOrderCountLSBBits = try r.ue("log2_max_pic_order_cnt_lsb_minus4", max: 12) + 4
        let orderingInfoForAll = try r.flag()  // sps_sub_layer_ordering_info_present_flag
        for _ in (orderingInfoForAll ? 0 : subLayersMinus1)...subLayersMinus1 {
            _ = try r.ue("sps_max_dec_pic_buffering_minus1")
            _ = try r.ue("sps_max_num_reorder_pics")
            _ = try r.ue("sps_max_latency_increase_plus1")
        }
        let minCodingBlockLog2 = try r.ue("log2_min_luma_coding_block_size_minus3", max: 3) + 3
        let codingTreeBlockLog2 = minCodingBlockLog2 + (try r.ue("log2_diff_max_min_luma_coding_block_size", max: 3))
        guard (4...6).contains(codingTreeBlockLog2) else { throw r.invalid("CtbLog2SizeY", codingTreeBlockLog2) }
        guard width > 0, height > 0 else { throw r.invalid("pic_width_in_luma_samples × height", width * height) }
        let ctb = 1 << codingTreeBlockLog2
        picSizeInCTBs = ((width + ctb - 1) / ctb) * ((height + ctb - 1) / ctb)
        _ = try r.ue("log2_min_luma_transform_block_size_minus2")
        _ = try r.ue("log2_diff_max_min_luma_transform_block_size")
        _ = try r.ue("max_transform_hierarchy_depth_inter")
        _ = try r.ue("max_transform_hierarchy_depth_intra")
        if try r.flag(), try r.flag() {  // scaling_list_enabled_flag, sps_scaling_list_data_present_flag
            try Self.skipScalingListData(&r)
        }
        try r.skip(1)  // amp_enabled_flag
        sampleAdaptiveOffset = try r.flag()
        if try r.flag() {  // pcm_enabled_flag
            try r.skip(8)  // pcm_sample_bit_depth_luma_minus1, pcm_sample_bit_depth_chroma_minus1
            _ = try r.ue("log2_min_pcm_luma_coding_block_size_minus3")
            _ = try r.ue("log2_diff_max_min_pcm_luma_coding_block_size")
            try r.skip(1)  // pcm_loop_filter_disabled_flag
        }
        let setCount = try r.ue("num_short_term_ref_pic_sets", max: 64)
        for _ in 0..<setCount {
            shortTermRPS.append(try HEVCShortTermRPS(&r, sets: shortTermRPS, inSliceHeader: false))
        }
        longTermRefsPresent = try r.flag()
        if longTermRefsPresent {
            let candidates = try r.ue("num_long_term_ref_pics_sps", max: 32)
            for _ in 0..<candidates {
                try r.skip(picOrderCountLSBBits)  // lt_ref_pic_poc_lsb_sps
                longTermUsedByCurrent.append(try r.flag())
            }
        }
        temporalMVP = try r.flag()
        try r.skip(1)  // strong_intra_smoothing_enabled_flag
    }

    /// Skips `profile_tier_level(1, sps_max_sub_layers_minus1)` (7.3.3), refusing the screen content coding
    /// profiles, whose SPS extension adds `use_integer_mv_flag` to slice headers.
    private static func skipProfileTierLevel(_ r: inout SyntaxReader, subLayersMinus1: Int) throws(SliceHeaderError) {
        try r.skip(3)  // general_profile_space, general_tier_flag
        let profile = try r.bits(5)  // general_profile_idc
        let compatibility = try r.bits(32)  // general_profile_compatibility_flag[j], j = 0 first
        // 9: Screen-Extended profiles; 11: High Throughput Screen-Extended profiles (A.3).
        for screenContent in [9, 11] where profile == screenContent || compatibility & (1 << (31 - screenContent)) != 0
        {
            throw SliceHeaderError(.unsupported, "HEVC screen content coding (profile \(screenContent))")
        }
        try r.skip(48 + 8)  // constraint flags, general_level_idc
        var subLayerProfile: [Bool] = []
        var subLayerLevel: [Bool] = []
        for _ in 0..<subLayersMinus1 {
            subLayerProfile.append(try r.flag())
            subLayerLevel.append(try r.flag())
        }
        if subLayersMinus1 > 0 { try r.skip(2 * (8 - subLayersMinus1)) }  // reserved_zero_2bits
        for i in 0..<subLayersMinus1 {
            if subLayerProfile[i] { try r.skip(88) }
            if subLayerLevel[i] { try r.skip(8) }
        }
    }

    /// Skips `scaling_list_data()` (7.3.4).
    static func skipScalingListData(_ r: inout SyntaxReader) throws(SliceHeaderError) {
        for sizeID in 0..<4 {
            for _ in stride(from: 0, to: 6, by: sizeID == 3 ? 3 : 1) {
                if try r.flag() {  // scaling_list_pred_mode_flag
                    if sizeID > 1 { _ = try r.se("scaling_list_dc_coef_minus8", in: -7...247) }
                    for _ in 0..<min(64, 1 << (4 + (sizeID << 1))) {
                        _ = try r.se("scaling_list_delta_coef", in: -128...127)
                    }
                } else {
                    _ = try r.ue("scaling_list_pred_matrix_id_delta", max: 5)
                }
            }
        }
    }
}
