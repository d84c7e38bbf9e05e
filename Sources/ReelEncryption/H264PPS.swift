/// What an H.264 slice header needs from a picture parameter set (ITU-T H.264 7.3.2.2). Parsing stops after
/// `redundant_pic_cnt_present_flag`: the rest (`transform_8x8_mode_flag`, the picture scaling matrix,
/// `second_chroma_qp_index_offset`) shapes macroblocks, not the slice header, so the PPS needs no SPS to parse.
struct H264PPS: Sendable, Equatable {
    /// `pic_parameter_set_id`.
    var id: Int
    /// `seq_parameter_set_id`: the SPS this PPS refers to.
    var spsID: Int
    /// `entropy_coding_mode_flag`: CABAC, whose P and B slices carry `cabac_init_idc`.
    var cabac = false
    /// `bottom_field_pic_order_in_frame_present_flag`.
    var bottomFieldPicOrderPresent = false
    /// `num_slice_groups_minus1` (flexible macroblock ordering when above 0).
    var sliceGroupsMinus1 = 0
    /// `slice_group_map_type`: types 3 to 5 give slices a `slice_group_change_cycle`.
    var sliceGroupMapType = 0
    /// `slice_group_change_rate_minus1 + 1`.
    var sliceGroupChangeRate = 1
    /// `num_ref_idx_l0_default_active_minus1`.
    var refIdxL0DefaultMinus1 = 0
    /// `num_ref_idx_l1_default_active_minus1`.
    var refIdxL1DefaultMinus1 = 0
    /// `weighted_pred_flag`: P and SP slices carry a weight table.
    var weightedPrediction = false
    /// `weighted_bipred_idc`: 1 gives B slices a weight table.
    var weightedBipredIDC = 0
    /// `deblocking_filter_control_present_flag`.
    var deblockingFilterControl = false
    /// `redundant_pic_cnt_present_flag`.
    var redundantPicCountPresent = false

    /// Parses a PPS NAL unit.
    /// - Parameter rbsp: The NAL unit's RBSP, its one-byte NAL header included.
    init(rbsp: [UInt8]) throws(SliceHeaderError) {
        var r = SyntaxReader(rbsp, unit: "H.264 PPS")
        try r.skip(8)  // NAL header
        id = try r.ue("pic_parameter_set_id", max: 255)
        spsID = try r.ue("seq_parameter_set_id", max: 31)
        cabac = try r.flag()
        bottomFieldPicOrderPresent = try r.flag()
        sliceGroupsMinus1 = try r.ue("num_slice_groups_minus1", max: 7)
        if sliceGroupsMinus1 > 0 {
            sliceGroupMapType = try r.ue("slice_group_map_type", max: 6)
            switch sliceGroupMapType {
            case 0:
                for _ in 0...sliceGroupsMinus1 { _ = try r.ue("run_length_minus1") }
            case 2:
                for _ in 0..<sliceGroupsMinus1 {
                    _ = try r.ue("top_left")
                    _ = try r.ue("bottom_right")
                }
            case 3, 4, 5:
                try r.skip(1)  // slice_group_change_direction_flag
                sliceGroupChangeRate = try r.ue("slice_group_change_rate_minus1") + 1
            case 6:
                let mapUnits = try r.ue("pic_size_in_map_units_minus1") + 1
                // slice_group_id[i] is u(v) with Ceil(Log2(num_slice_groups_minus1 + 1)) bits.
                try r.skip(mapUnits * (sliceGroupsMinus1 + 1).ceilLog2)
            default:
                break
            }
        }
        refIdxL0DefaultMinus1 = try r.ue("num_ref_idx_l0_default_active_minus1", max: 31)
        refIdxL1DefaultMinus1 = try r.ue("num_ref_idx_l1_default_active_minus1", max: 31)
        weightedPrediction = try r.flag()
        weightedBipredIDC = try r.bits(2)
        guard weightedBipredIDC < 3 else { throw r.invalid("weighted_bipred_idc", weightedBipredIDC) }
        _ = try r.se("pic_init_qp_minus26")
        _ = try r.se("pic_init_qs_minus26")
        _ = try r.se("chroma_qp_index_offset", in: -12...12)
        deblockingFilterControl = try r.flag()
        try r.skip(1)  // constrained_intra_pred_flag
        redundantPicCountPresent = try r.flag()
    }
}
