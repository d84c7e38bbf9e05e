/// What an HEVC slice segment header needs from a picture parameter set (ITU-T H.265 7.3.2.3), read through
/// the range extension. The PPS needs no SPS to parse.
struct HEVCPPS: Sendable, Equatable {
    /// `pps_pic_parameter_set_id`.
    var id: Int
    /// `pps_seq_parameter_set_id`.
    var spsID: Int
    /// `dependent_slice_segments_enabled_flag`.
    var dependentSliceSegments = false
    /// `output_flag_present_flag`: slices carry `pic_output_flag`.
    var outputFlagPresent = false
    /// `num_extra_slice_header_bits`.
    var extraSliceHeaderBits = 0
    /// `cabac_init_present_flag`.
    var cabacInitPresent = false
    /// `num_ref_idx_l0_default_active_minus1`.
    var refIdxL0DefaultMinus1 = 0
    /// `num_ref_idx_l1_default_active_minus1`.
    var refIdxL1DefaultMinus1 = 0
    /// `pps_slice_chroma_qp_offsets_present_flag`.
    var sliceChromaQPOffsets = false
    /// `weighted_pred_flag`: P slices carry a weight table.
    var weightedPrediction = false
    /// `weighted_bipred_flag`: B slices carry a weight table.
    var weightedBiprediction = false
    /// `tiles_enabled_flag`: slices carry entry points.
    var tiles = false
    /// `entropy_coding_sync_enabled_flag` (wavefront parallel processing): slices carry entry points.
    var entropyCodingSync = false
    /// `pps_loop_filter_across_slices_enabled_flag`.
    var loopFilterAcrossSlices = false
    /// `deblocking_filter_override_enabled_flag`.
    var deblockingOverride = false
    /// `pps_deblocking_filter_disabled_flag`.
    var deblockingDisabled = false
    /// `lists_modification_present_flag`.
    var listsModification = false
    /// `slice_segment_header_extension_present_flag`.
    var sliceHeaderExtension = false
    /// `chroma_qp_offset_list_enabled_flag` (range extension): slices carry `cu_chroma_qp_offset_enabled_flag`.
    var chromaQPOffsetList = false
    /// `pps_scc_extension_flag`: screen content coding, whose fields slice headers depend on (not handled).
    var screenContentExtension = false

    /// Parses a PPS NAL unit of the base layer.
    /// - Parameter rbsp: The NAL unit's RBSP, its two-byte NAL header included.
    init(rbsp: [UInt8]) throws(SliceHeaderError) {
        var r = SyntaxReader(rbsp, unit: "HEVC PPS")
        try r.skip(16)  // NAL header
        id = try r.ue("pps_pic_parameter_set_id", max: 63)
        spsID = try r.ue("pps_seq_parameter_set_id", max: 15)
        dependentSliceSegments = try r.flag()
        outputFlagPresent = try r.flag()
        extraSliceHeaderBits = try r.bits(3)
        try r.skip(1)  // sign_data_hiding_enabled_flag
        cabacInitPresent = try r.flag()
        refIdxL0DefaultMinus1 = try r.ue("num_ref_idx_l0_default_active_minus1", max: 14)
        refIdxL1DefaultMinus1 = try r.ue("num_ref_idx_l1_default_active_minus1", max: 14)
        _ = try r.se("init_qp_minus26")
        try r.skip(1)  // constrained_intra_pred_flag
        let transformSkip = try r.flag()  // transform_skip_enabled_flag
        if try r.flag() { _ = try r.ue("diff_cu_qp_delta_depth") }  // cu_qp_delta_enabled_flag
        _ = try r.se("pps_cb_qp_offset", in: -12...12)
        _ = try r.se("pps_cr_qp_offset", in: -12...12)
        sliceChromaQPOffsets = try r.flag()
        weightedPrediction = try r.flag()
        weightedBiprediction = try r.flag()
        try r.skip(1)  // transquant_bypass_enabled_flag
        tiles = try r.flag()
        entropyCodingSync = try r.flag()
        if tiles {
            let columnsMinus1 = try r.ue("num_tile_columns_minus1", max: 4095)
            let rowsMinus1 = try r.ue("num_tile_rows_minus1", max: 4095)
            if !(try r.flag()) {  // uniform_spacing_flag
                for _ in 0..<columnsMinus1 { _ = try r.ue("column_width_minus1") }
                for _ in 0..<rowsMinus1 { _ = try r.ue("row_height_minus1") }
            }
            try r.skip(1)  // loop_filter_across_tiles_enabled_flag
        }
        loopFilterAcrossSlices = try r.flag()
        if try r.flag() {  // deblocking_filter_control_present_flag
            deblockingOverride = try r.flag()
            deblockingDisabled = try r.flag()
            if !deblockingDisabled {
                _ = try r.se("pps_beta_offset_div2", in: -6...6)
                _ = try r.se("pps_tc_offset_div2", in: -6...6)
            }
        }
        if try r.flag() { try HEVCSPS.skipScalingListData(&r) }  // pps_scaling_list_data_present_flag
        listsModification = try r.flag()
        _ = try r.ue("log2_parallel_merge_level_minus2")
        sliceHeaderExtension = try r.flag()
        guard try r.flag() else { return }  // pps_extension_present_flag
        let rangeExtension = try r.flag()
        try r.skip(2)  // pps_multilayer_extension_flag, pps_3d_extension_flag
        screenContentExtension = try r.flag()
        try r.skip(4)  // pps_extension_4bits
        if rangeExtension {
            if transformSkip { _ = try r.ue("log2_max_transform_skip_block_size_minus2") }
            try r.skip(1)  // cross_component_prediction_enabled_flag
            chromaQPOffsetList = try r.flag()
        }
    }
}
