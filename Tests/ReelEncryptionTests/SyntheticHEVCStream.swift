/// An HEVC stream built by hand to reach the slice segment header syntax libx265 never writes: long-term
/// reference pictures (from the SPS and the slice), reference list modification, short-term sets predicted from
/// others in the SPS and in a slice (`delta_idx_minus1`), tiles with wavefronts, dependent slice segments, extra
/// slice header bits, `pic_output_flag`, slice chroma QP offsets, the range extension's chroma QP offset lists,
/// deblocking overrides, header extensions and scaling lists. The slice data is filler.
enum SyntheticHEVCStream {
    /// The NAL units, in decoding order.
    static var units: [[UInt8]] {
        [vps, sps, pps] + slices
    }

    private static let data: [UInt8] = [0xA5, 0x5A, 0xC3, 0x3C, 0x99, 0x66]

    private static func writeProfileTierLevel(_ w: inout NALWriter) {
        w.u(2, 0)  // general_profile_space
        w.flag(false)  // general_tier_flag
        w.u(5, 1)  // general_profile_idc: Main
        w.u(32, 0x6000_0000)  // general_profile_compatibility_flag[1], [2]
        w.flag(true)  // general_progressive_source_flag
        w.flag(false)
        w.flag(false)
        w.flag(true)  // general_frame_only_constraint_flag
        w.u(43, 0)
        w.flag(false)
        w.u(8, 93)  // general_level_idc
    }

    private static var vps: [UInt8] {
        var w = NALWriter(header: [0x40, 0x01])
        w.u(4, 0)  // vps_video_parameter_set_id
        w.flag(true)  // vps_base_layer_internal_flag
        w.flag(true)  // vps_base_layer_available_flag
        w.u(6, 0)  // vps_max_layers_minus1
        w.u(3, 0)  // vps_max_sub_layers_minus1
        w.flag(true)  // vps_temporal_id_nesting_flag
        w.u(16, 0xFFFF)
        writeProfileTierLevel(&w)
        w.flag(true)  // vps_sub_layer_ordering_info_present_flag
        w.ue(4)
        w.ue(2)
        w.ue(0)
        w.u(6, 0)  // vps_max_layer_id
        w.ue(0)  // vps_num_layer_sets_minus1
        w.flag(false)  // vps_timing_info_present_flag
        w.flag(false)  // vps_extension_flag
        return w.unit()
    }

    /// 416x240 in 64x64 coding tree blocks (7x4, 5-bit slice addresses), 8-bit POC LSBs, three short-term sets
    /// (the second predicted from the first, the third from the second) and three long-term candidates.
    private static var sps: [UInt8] {
        var w = NALWriter(header: [0x42, 0x01])
        w.u(4, 0)
        w.u(3, 0)  // sps_max_sub_layers_minus1
        w.flag(true)
        writeProfileTierLevel(&w)
        w.ue(0)  // sps_seq_parameter_set_id
        w.ue(1)  // chroma_format_idc
        w.ue(416)
        w.ue(240)
        w.flag(false)  // conformance_window_flag
        w.ue(0)
        w.ue(0)
        w.ue(4)  // log2_max_pic_order_cnt_lsb_minus4
        w.flag(true)  // sps_sub_layer_ordering_info_present_flag
        w.ue(4)
        w.ue(2)
        w.ue(0)
        w.ue(0)  // log2_min_luma_coding_block_size_minus3
        w.ue(3)  // log2_diff_max_min_luma_coding_block_size: 64
        w.ue(0)
        w.ue(3)
        w.ue(1)
        w.ue(1)
        w.flag(true)  // scaling_list_enabled_flag
        w.flag(true)  // sps_scaling_list_data_present_flag
        writeScalingListData(&w, variant: 0)
        w.flag(true)  // amp_enabled_flag
        w.flag(true)  // sample_adaptive_offset_enabled_flag
        w.flag(true)  // pcm_enabled_flag
        w.u(4, 7)
        w.u(4, 7)
        w.ue(0)
        w.ue(1)
        w.flag(false)
        w.ue(3)  // num_short_term_ref_pic_sets
        // Set 0: -1 (used), -3, +2 (used).
        w.ue(2)  // num_negative_pics
        w.ue(1)  // num_positive_pics
        w.ue(0)
        w.flag(true)
        w.ue(1)
        w.flag(false)
        w.ue(1)
        w.flag(true)
        // Set 1 from set 0, deltaRps -1: -1 (used), -2 (used), -4.
        w.flag(true)  // inter_ref_pic_set_prediction_flag
        w.flag(true)  // delta_rps_sign
        w.ue(0)  // abs_delta_rps_minus1
        for (used, useDelta) in [(true, true), (false, true), (false, false), (true, true)] {
            w.flag(used)
            if !used { w.flag(useDelta) }
        }
        // Set 2 from set 1, deltaRps +2: -2, +1 (used), +2.
        w.flag(true)
        w.flag(false)
        w.ue(1)
        for (used, useDelta) in [(true, true), (true, true), (false, true), (false, true)] {
            w.flag(used)
            if !used { w.flag(useDelta) }
        }
        w.flag(true)  // long_term_ref_pics_present_flag
        w.ue(3)  // num_long_term_ref_pics_sps
        for (lsb, used) in [(100, true), (150, false), (250, true)] {
            w.u(8, lsb)
            w.flag(used)
        }
        w.flag(true)  // sps_temporal_mvp_enabled_flag
        w.flag(true)
        w.flag(false)  // vui_parameters_present_flag
        w.flag(false)  // sps_extension_present_flag
        return w.unit()
    }

    /// Tiles (2x2, not uniform) with wavefronts, dependent slice segments, output flags, two extra header bits,
    /// CABAC init flags, weighted P and B, slice chroma QP offsets, deblocking overrides, scaling lists, list
    /// modification, header extensions and a range extension with a chroma QP offset list.
    private static var pps: [UInt8] {
        var w = NALWriter(header: [0x44, 0x01])
        w.ue(0)
        w.ue(0)
        w.flag(true)  // dependent_slice_segments_enabled_flag
        w.flag(true)  // output_flag_present_flag
        w.u(3, 2)  // num_extra_slice_header_bits
        w.flag(false)
        w.flag(true)  // cabac_init_present_flag
        w.ue(1)  // num_ref_idx_l0_default_active_minus1
        w.ue(0)
        w.se(0)
        w.flag(false)
        w.flag(true)  // transform_skip_enabled_flag
        w.flag(true)  // cu_qp_delta_enabled_flag
        w.ue(1)
        w.se(0)
        w.se(0)
        w.flag(true)  // pps_slice_chroma_qp_offsets_present_flag
        w.flag(true)  // weighted_pred_flag
        w.flag(true)  // weighted_bipred_flag
        w.flag(false)
        w.flag(true)  // tiles_enabled_flag
        w.flag(true)  // entropy_coding_sync_enabled_flag
        w.ue(1)  // num_tile_columns_minus1
        w.ue(1)  // num_tile_rows_minus1
        w.flag(false)  // uniform_spacing_flag
        w.ue(2)  // column_width_minus1[0]
        w.ue(1)  // row_height_minus1[0]
        w.flag(true)
        w.flag(true)  // pps_loop_filter_across_slices_enabled_flag
        w.flag(true)  // deblocking_filter_control_present_flag
        w.flag(true)  // deblocking_filter_override_enabled_flag
        w.flag(false)  // pps_deblocking_filter_disabled_flag
        w.se(1)
        w.se(-1)
        w.flag(true)  // pps_scaling_list_data_present_flag
        writeScalingListData(&w, variant: 1)
        w.flag(true)  // lists_modification_present_flag
        w.ue(0)
        w.flag(true)  // slice_segment_header_extension_present_flag
        w.flag(true)  // pps_extension_present_flag
        w.flag(true)  // pps_range_extension_flag
        w.flag(false)
        w.flag(false)
        w.flag(false)  // pps_scc_extension_flag
        w.u(4, 0)
        w.ue(1)  // log2_max_transform_skip_block_size_minus2
        w.flag(false)  // cross_component_prediction_enabled_flag
        w.flag(true)  // chroma_qp_offset_list_enabled_flag
        w.ue(0)
        w.ue(1)  // chroma_qp_offset_list_len_minus1
        for offset in [2, -2, -1, 1] { w.se(offset) }
        w.ue(0)
        w.ue(0)
        return w.unit()
    }

    private static var slices: [[UInt8]] {
        // IDR I slice: entry points, a 4-byte header extension.
        var idr = NALWriter(header: [0x26, 0x01])
        idr.flag(true)  // first_slice_segment_in_pic_flag
        idr.flag(false)  // no_output_of_prior_pics_flag
        idr.ue(0)
        idr.u(2, 3)  // slice_reserved_flag[0], [1]
        idr.ue(2)  // slice_type: I
        idr.flag(true)  // pic_output_flag
        idr.flag(true)  // slice_sao_luma_flag
        idr.flag(true)  // slice_sao_chroma_flag
        idr.se(1)  // slice_qp_delta
        idr.se(0)  // slice_cb_qp_offset
        idr.se(0)
        idr.flag(false)  // cu_chroma_qp_offset_enabled_flag
        idr.flag(true)  // deblocking_filter_override_flag
        idr.flag(false)  // slice_deblocking_filter_disabled_flag
        idr.se(2)
        idr.se(-2)
        idr.flag(true)  // slice_loop_filter_across_slices_enabled_flag
        idr.ue(3)  // num_entry_point_offsets
        idr.ue(9)  // offset_len_minus1
        for offset in [100, 513, 7] { idr.u(10, offset) }
        idr.ue(4)  // slice_segment_header_extension_length
        for _ in 0..<4 { idr.u(8, 0) }  // zeros: the stored header gets emulation prevention bytes
        idr.byteAlignment()

        // TRAIL_R P slice: SPS set 1, two long-term pictures from the SPS and one of its own (NumPicTotalCurr 5),
        // list modification, collocated_ref_idx, weights.
        var p = NALWriter(header: [0x02, 0x01])
        p.flag(true)
        p.ue(0)
        p.u(2, 0)
        p.ue(1)  // slice_type: P
        p.flag(true)  // pic_output_flag
        p.u(8, 8)  // slice_pic_order_cnt_lsb
        p.flag(true)  // short_term_ref_pic_set_sps_flag
        p.u(2, 1)  // short_term_ref_pic_set_idx
        p.ue(2)  // num_long_term_sps
        p.ue(1)  // num_long_term_pics
        p.u(2, 0)  // lt_idx_sps[0]: used
        p.flag(true)  // delta_poc_msb_present_flag
        p.ue(1)
        p.u(2, 2)  // lt_idx_sps[1]: used
        p.flag(false)
        p.u(8, 200)  // poc_lsb_lt[2]
        p.flag(true)  // used_by_curr_pic_lt_flag
        p.flag(true)
        p.ue(0)
        p.flag(true)  // slice_temporal_mvp_enabled_flag
        p.flag(true)  // slice_sao_luma_flag
        p.flag(false)
        p.flag(true)  // num_ref_idx_active_override_flag
        p.ue(3)
        p.flag(true)  // ref_pic_list_modification_flag_l0
        for entry in [4, 0, 3, 1] { p.u(3, entry) }  // list_entry_l0: Ceil(Log2(5)) bits
        p.flag(true)  // cabac_init_flag
        p.ue(2)  // collocated_ref_idx
        p.ue(6)  // luma_log2_weight_denom
        p.se(-1)  // delta_chroma_log2_weight_denom
        for flag in [true, false, true, false, false, true, false, false] { p.flag(flag) }
        p.se(3)
        p.se(-10)
        for value in [1, -2, 0, 5] { p.se(value) }
        p.se(-1)
        p.se(0)
        p.ue(1)  // five_minus_max_num_merge_cand
        p.se(-2)
        p.se(1)
        p.se(-1)
        p.flag(true)  // cu_chroma_qp_offset_enabled_flag
        p.flag(true)  // deblocking_filter_override_flag
        p.flag(true)  // slice_deblocking_filter_disabled_flag
        p.flag(false)  // slice_loop_filter_across_slices_enabled_flag
        p.ue(0)  // num_entry_point_offsets
        p.ue(2)
        p.u(8, 0x12)
        p.u(8, 0x34)
        p.byteAlignment()

        // TRAIL_N B slice with its own short-term set predicted from SPS set 1 (delta_idx_minus1 1), one SPS
        // long-term picture that is not used (NumPicTotalCurr 2), modification of both lists, weights on both.
        var b = NALWriter(header: [0x00, 0x01])
        b.flag(true)
        b.ue(0)
        b.u(2, 1)
        b.ue(0)  // slice_type: B
        b.flag(false)
        b.u(8, 9)
        b.flag(false)  // short_term_ref_pic_set_sps_flag
        b.flag(true)  // inter_ref_pic_set_prediction_flag
        b.ue(1)  // delta_idx_minus1
        b.flag(false)  // delta_rps_sign
        b.ue(0)  // abs_delta_rps_minus1: +1
        for (used, useDelta) in [(true, true), (false, true), (true, true), (true, true)] {
            b.flag(used)
            if !used { b.flag(useDelta) }
        }
        b.ue(1)  // num_long_term_sps
        b.ue(0)  // num_long_term_pics
        b.u(2, 1)  // lt_idx_sps[0]: not used
        b.flag(false)
        b.flag(true)  // slice_temporal_mvp_enabled_flag
        b.flag(false)
        b.flag(true)
        b.flag(true)  // num_ref_idx_active_override_flag
        b.ue(1)
        b.ue(2)
        b.flag(true)
        for entry in [1, 0] { b.u(1, entry) }
        b.flag(true)
        for entry in [0, 1, 1] { b.u(1, entry) }
        b.flag(true)  // mvd_l1_zero_flag
        b.flag(false)  // cabac_init_flag
        b.flag(false)  // collocated_from_l0_flag
        b.ue(1)  // collocated_ref_idx
        b.ue(0)
        b.se(0)
        for flag in [false, true, true, false] { b.flag(flag) }  // l0 luma, chroma
        b.se(1)
        b.se(1)
        for value in [0, 0, 0, 0] { b.se(value) }
        for flag in [false, false, true, false, false, true] { b.flag(flag) }  // l1 luma, chroma
        b.se(-3)
        b.se(4)
        for value in [1, 1, -1, -1] { b.se(value) }
        b.ue(0)
        b.se(0)
        b.se(0)
        b.se(0)
        b.flag(false)
        b.flag(false)  // deblocking_filter_override_flag
        b.flag(true)  // slice_loop_filter_across_slices_enabled_flag
        b.ue(1)
        b.ue(0)
        b.u(1, 1)
        b.ue(0)
        b.byteAlignment()

        // A dependent slice segment of the same picture.
        var dependent = NALWriter(header: [0x00, 0x01])
        dependent.flag(false)
        dependent.ue(0)
        dependent.flag(true)  // dependent_slice_segment_flag
        dependent.u(5, 14)  // slice_segment_address
        dependent.ue(2)
        dependent.ue(4)
        dependent.u(5, 17)
        dependent.u(5, 30)
        dependent.ue(1)
        dependent.u(8, 0xFF)
        dependent.byteAlignment()
        return [idr, p, b, dependent].map { $0.unit(sliceData: data) }
    }

    /// Writes `scaling_list_data()`: matrices alternately predicted (from the first of their size or the
    /// defaults) and coded, DC coefficients included.
    private static func writeScalingListData(_ w: inout NALWriter, variant: Int) {
        for sizeID in 0..<4 {
            for matrixID in stride(from: 0, to: 6, by: sizeID == 3 ? 3 : 1) {
                let coded = (sizeID + matrixID + variant) % 2 == 1
                w.flag(coded)  // scaling_list_pred_mode_flag
                if coded {
                    if sizeID > 1 { w.se(8) }  // scaling_list_dc_coef_minus8
                    for i in 0..<min(64, 1 << (4 + (sizeID << 1))) { w.se(i % 2 == 0 ? 1 : -1) }
                } else {
                    w.ue(sizeID == 3 ? matrixID / 3 : matrixID)  // scaling_list_pred_matrix_id_delta
                }
            }
        }
    }
}
