/// An H.264 stream built by hand to reach the slice header syntax libx264 never writes: field pictures, POC
/// type 1, redundant picture counts, flexible macroblock ordering (every slice group map type, so
/// `slice_group_change_cycle`), explicit B weights, SP and SI slices, every memory management operation,
/// long-term list modifications, separate colour planes and scaling matrices. The slice data is filler: only the
/// headers are meant to be read (FFmpeg's `trace_headers` does).
enum SyntheticH264Stream {
    /// The NAL units, in decoding order.
    static var units: [[UInt8]] {
        fieldsAndSliceGroups + otherSliceGroupMaps + separateColourPlanes
    }

    private static let data: [UInt8] = [0xA5, 0x5A, 0xC3, 0x3C, 0x99, 0x66]

    /// SPS 0 (POC type 1, field pictures allowed) and PPS 0 (CAVLC, slice group map type 4, redundant picture
    /// counts, explicit weights for P, SP and B), then one slice of each type.
    private static var fieldsAndSliceGroups: [[UInt8]] {
        var sps = NALWriter(header: [0x67])
        sps.u(8, 100)  // profile_idc: High
        sps.u(16, 40)  // constraint flags, level_idc
        sps.ue(0)  // seq_parameter_set_id
        sps.ue(1)  // chroma_format_idc
        sps.ue(0)  // bit_depth_luma_minus8
        sps.ue(0)  // bit_depth_chroma_minus8
        sps.flag(false)  // qpprime_y_zero_transform_bypass_flag
        sps.flag(false)  // seq_scaling_matrix_present_flag
        sps.ue(1)  // log2_max_frame_num_minus4: frame_num has 5 bits
        sps.ue(1)  // pic_order_cnt_type
        sps.flag(false)  // delta_pic_order_always_zero_flag
        sps.se(1)  // offset_for_non_ref_pic
        sps.se(-1)  // offset_for_top_to_bottom_field
        sps.ue(2)  // num_ref_frames_in_pic_order_cnt_cycle
        sps.se(2)
        sps.se(-3)
        sps.ue(4)  // max_num_ref_frames
        sps.flag(false)  // gaps_in_frame_num_value_allowed_flag
        sps.ue(19)  // pic_width_in_mbs_minus1: 320
        sps.ue(5)  // pic_height_in_map_units_minus1: 6 field MB rows, 120 map units
        sps.flag(false)  // frame_mbs_only_flag
        sps.flag(false)  // mb_adaptive_frame_field_flag
        sps.flag(true)  // direct_8x8_inference_flag
        sps.flag(false)  // frame_cropping_flag
        sps.flag(false)  // vui_parameters_present_flag

        var pps = NALWriter(header: [0x68])
        pps.ue(0)  // pic_parameter_set_id
        pps.ue(0)  // seq_parameter_set_id
        pps.flag(false)  // entropy_coding_mode_flag: CAVLC
        pps.flag(true)  // bottom_field_pic_order_in_frame_present_flag
        pps.ue(2)  // num_slice_groups_minus1
        pps.ue(4)  // slice_group_map_type
        pps.flag(false)  // slice_group_change_direction_flag
        pps.ue(15)  // slice_group_change_rate_minus1: 120 ÷ 16 + 1 = 8.5 → 4-bit cycles
        pps.ue(2)  // num_ref_idx_l0_default_active_minus1
        pps.ue(1)  // num_ref_idx_l1_default_active_minus1
        pps.flag(true)  // weighted_pred_flag
        pps.u(2, 1)  // weighted_bipred_idc: explicit
        pps.se(0)  // pic_init_qp_minus26
        pps.se(0)  // pic_init_qs_minus26
        pps.se(0)  // chroma_qp_index_offset
        pps.flag(true)  // deblocking_filter_control_present_flag
        pps.flag(false)  // constrained_intra_pred_flag
        pps.flag(true)  // redundant_pic_cnt_present_flag

        // IDR I slice, top field.
        var idr = NALWriter(header: [0x65])
        idr.ue(0)  // first_mb_in_slice
        idr.ue(7)  // slice_type: I
        idr.ue(0)  // pic_parameter_set_id
        idr.u(5, 0)  // frame_num
        idr.flag(true)  // field_pic_flag
        idr.flag(false)  // bottom_field_flag
        idr.ue(3)  // idr_pic_id
        idr.se(0)  // delta_pic_order_cnt[0]
        idr.ue(0)  // redundant_pic_cnt
        idr.flag(false)  // no_output_of_prior_pics_flag
        idr.flag(false)  // long_term_reference_flag
        idr.se(-2)  // slice_qp_delta
        idr.ue(0)  // disable_deblocking_filter_idc
        idr.se(1)  // slice_alpha_c0_offset_div2
        idr.se(-1)  // slice_beta_offset_div2
        idr.u(4, 5)  // slice_group_change_cycle

        // P frame with list modification, weights and every memory management operation.
        var p = NALWriter(header: [0x41])
        p.ue(0)
        p.ue(5)  // slice_type: P
        p.ue(0)
        p.u(5, 1)  // frame_num
        p.flag(false)  // field_pic_flag
        p.se(2)  // delta_pic_order_cnt[0]
        p.se(-1)  // delta_pic_order_cnt[1]
        p.ue(1)  // redundant_pic_cnt
        p.flag(true)  // num_ref_idx_active_override_flag
        p.ue(3)  // num_ref_idx_l0_active_minus1
        p.flag(true)  // ref_pic_list_modification_flag_l0
        for (idc, value) in [(0, 1), (2, 0), (1, 2)] {
            p.ue(idc)  // modification_of_pic_nums_idc
            p.ue(value)  // abs_diff_pic_num_minus1 or long_term_pic_num
        }
        p.ue(3)
        p.ue(5)  // luma_log2_weight_denom
        p.ue(3)  // chroma_log2_weight_denom
        for (luma, chroma) in [([3, -4], []), ([], [1, 2, -1, 0]), ([], []), ([-2, 5], [0, 0, 1, 1])] {
            p.flag(!luma.isEmpty)
            for value in luma { p.se(value) }
            p.flag(!chroma.isEmpty)
            for value in chroma { p.se(value) }
        }
        p.flag(true)  // adaptive_ref_pic_marking_mode_flag
        for operation in [[1, 0], [2, 1], [3, 2, 0], [6, 1], [4, 2], [5], [0]] {
            for value in operation { p.ue(value) }
        }
        p.se(1)  // slice_qp_delta
        p.ue(1)  // disable_deblocking_filter_idc: no offsets
        p.u(4, 7)  // slice_group_change_cycle

        // Non-reference B slice, bottom field, explicit weights on both lists.
        var b = NALWriter(header: [0x01])
        b.ue(0)
        b.ue(6)  // slice_type: B
        b.ue(0)
        b.u(5, 2)
        b.flag(true)  // field_pic_flag
        b.flag(true)  // bottom_field_flag
        b.se(-3)  // delta_pic_order_cnt[0]
        b.ue(0)  // redundant_pic_cnt
        b.flag(true)  // direct_spatial_mv_pred_flag
        b.flag(false)  // num_ref_idx_active_override_flag: 3 and 2 entries
        b.flag(false)  // ref_pic_list_modification_flag_l0
        b.flag(true)  // ref_pic_list_modification_flag_l1
        b.ue(1)
        b.ue(0)
        b.ue(3)
        b.ue(2)  // luma_log2_weight_denom
        b.ue(1)  // chroma_log2_weight_denom
        for (luma, chroma) in [([1, 0], []), ([], []), ([], [0, 1, 2, 3]), ([], []), ([-1, -1], [0, 0, 0, 0])] {
            b.flag(!luma.isEmpty)
            for value in luma { b.se(value) }
            b.flag(!chroma.isEmpty)
            for value in chroma { b.se(value) }
        }
        b.se(0)  // slice_qp_delta
        b.ue(2)  // disable_deblocking_filter_idc
        b.se(0)
        b.se(0)
        b.u(4, 1)  // slice_group_change_cycle

        // SP slice (weighted like P) and SI slice.
        var sp = NALWriter(header: [0x21])
        sp.ue(0)
        sp.ue(8)  // slice_type: SP
        sp.ue(0)
        sp.u(5, 3)
        sp.flag(false)
        sp.se(1)
        sp.se(0)
        sp.ue(0)  // redundant_pic_cnt
        sp.flag(false)  // num_ref_idx_active_override_flag
        sp.flag(false)  // ref_pic_list_modification_flag_l0
        sp.ue(0)  // luma_log2_weight_denom
        sp.ue(0)  // chroma_log2_weight_denom
        for _ in 0..<3 {
            sp.flag(false)
            sp.flag(false)
        }
        sp.flag(false)  // adaptive_ref_pic_marking_mode_flag
        sp.se(0)  // slice_qp_delta
        sp.flag(true)  // sp_for_switch_flag
        sp.se(-3)  // slice_qs_delta
        sp.ue(0)
        sp.se(2)
        sp.se(-2)
        sp.u(4, 8)  // slice_group_change_cycle: at most Ceil(120 ÷ 16)

        var si = NALWriter(header: [0x21])
        si.ue(0)
        si.ue(9)  // slice_type: SI
        si.ue(0)
        si.u(5, 4)
        si.flag(false)
        si.se(0)
        si.se(0)
        si.ue(0)
        si.flag(false)  // adaptive_ref_pic_marking_mode_flag
        si.se(0)  // slice_qp_delta
        si.se(1)  // slice_qs_delta
        si.ue(1)
        si.u(4, 0)
        return [sps.unit(), pps.unit()] + [idr, p, b, sp, si].map { $0.unit(sliceData: data) }
    }

    /// PPS 2, 3 and 4 with slice group map types 0, 2 and 6 (no change cycle in their slices), a P slice each.
    private static var otherSliceGroupMaps: [[UInt8]] {
        var units: [[UInt8]] = []
        for (id, mapType) in [(2, 0), (3, 2), (4, 6)] {
            var pps = NALWriter(header: [0x68])
            pps.ue(id)
            pps.ue(0)  // seq_parameter_set_id
            pps.flag(false)  // CAVLC
            pps.flag(false)  // bottom_field_pic_order_in_frame_present_flag
            pps.ue(2)  // num_slice_groups_minus1
            pps.ue(mapType)
            switch mapType {
            case 0: for run in [9, 40, 70] { pps.ue(run) }  // run_length_minus1
            case 2: for corner in [0, 21, 40, 62] { pps.ue(corner) }  // top_left, bottom_right
            default:
                pps.ue(119)  // pic_size_in_map_units_minus1
                for unit in 0..<120 { pps.u(2, unit % 3) }  // slice_group_id
            }
            pps.ue(0)
            pps.ue(0)
            pps.flag(false)  // weighted_pred_flag
            pps.u(2, 2)  // weighted_bipred_idc: implicit
            pps.se(-4)
            pps.se(0)
            pps.se(2)
            pps.flag(true)  // deblocking_filter_control_present_flag
            pps.flag(false)
            pps.flag(false)  // redundant_pic_cnt_present_flag
            var p = NALWriter(header: [0x41])
            p.ue(0)
            p.ue(0)  // slice_type: P
            p.ue(id)
            p.u(5, 5 + id)
            p.flag(false)
            p.se(id)  // delta_pic_order_cnt[0]
            p.flag(false)  // num_ref_idx_active_override_flag
            p.flag(false)  // ref_pic_list_modification_flag_l0
            p.flag(false)  // adaptive_ref_pic_marking_mode_flag
            p.se(0)
            p.ue(1)
            units += [pps.unit(), p.unit(sliceData: data)]
        }
        return units
    }

    /// SPS 1 (4:4:4 with separate colour planes, scaling matrices, POC type 0, frames only) and PPS 1 (CABAC,
    /// 8x8 transform and its own scaling matrices), then an IDR slice per colour plane and a P slice.
    private static var separateColourPlanes: [[UInt8]] {
        var sps = NALWriter(header: [0x67])
        sps.u(8, 244)  // profile_idc: High 4:4:4 Predictive
        sps.u(16, 40)
        sps.ue(1)  // seq_parameter_set_id
        sps.ue(3)  // chroma_format_idc
        sps.flag(true)  // separate_colour_plane_flag
        sps.ue(2)  // bit_depth_luma_minus8
        sps.ue(2)
        sps.flag(false)
        sps.flag(true)  // seq_scaling_matrix_present_flag
        for list in 0..<12 { writeScalingList(&sps, size: list < 6 ? 16 : 64, kind: list) }
        sps.ue(0)  // log2_max_frame_num_minus4: 4 bits
        sps.ue(0)  // pic_order_cnt_type
        sps.ue(2)  // log2_max_pic_order_cnt_lsb_minus4: 6 bits
        sps.ue(2)
        sps.flag(false)
        sps.ue(19)
        sps.ue(11)
        sps.flag(true)  // frame_mbs_only_flag
        sps.flag(true)
        sps.flag(false)
        sps.flag(false)

        var pps = NALWriter(header: [0x68])
        pps.ue(1)
        pps.ue(1)
        pps.flag(true)  // CABAC
        pps.flag(true)  // bottom_field_pic_order_in_frame_present_flag
        pps.ue(0)  // num_slice_groups_minus1
        pps.ue(0)
        pps.ue(0)
        pps.flag(true)  // weighted_pred_flag
        pps.u(2, 0)
        pps.se(0)
        pps.se(0)
        pps.se(0)
        pps.flag(false)  // deblocking_filter_control_present_flag
        pps.flag(false)
        pps.flag(false)
        pps.flag(true)  // transform_8x8_mode_flag
        pps.flag(true)  // pic_scaling_matrix_present_flag
        for list in 0..<12 { writeScalingList(&pps, size: list < 6 ? 16 : 64, kind: list + 1) }
        pps.se(-3)  // second_chroma_qp_index_offset

        var units = [sps.unit(), pps.unit()]
        for plane in 0..<3 {
            var idr = NALWriter(header: [0x65])
            idr.ue(0)
            idr.ue(7)
            idr.ue(1)
            idr.u(2, plane)  // colour_plane_id
            idr.u(4, 0)  // frame_num
            idr.ue(0)  // idr_pic_id
            idr.u(6, 0)  // pic_order_cnt_lsb
            idr.se(1)  // delta_pic_order_cnt_bottom
            idr.flag(true)  // no_output_of_prior_pics_flag
            idr.flag(false)
            idr.se(3)  // slice_qp_delta
            idr.alignWithOnes()  // cabac_alignment_one_bit
            units.append(idr.unit(sliceData: data))
        }
        var p = NALWriter(header: [0x41])
        p.ue(0)
        p.ue(5)
        p.ue(1)
        p.u(2, 2)  // colour_plane_id
        p.u(4, 1)
        p.u(6, 4)
        p.se(-1)
        p.flag(true)  // num_ref_idx_active_override_flag
        p.ue(1)
        p.flag(false)
        p.ue(4)  // luma_log2_weight_denom; ChromaArrayType 0: no chroma weights
        p.flag(true)
        p.se(7)
        p.se(-7)
        p.flag(false)
        p.flag(false)  // adaptive_ref_pic_marking_mode_flag
        p.ue(2)  // cabac_init_idc
        p.se(0)
        p.alignWithOnes()
        units.append(p.unit(sliceData: data))
        return units
    }

    /// Writes `seq_scaling_list_present_flag[i]` (or the PPS's) and the list: absent (kind 0), cut short by a
    /// delta that makes the next scale 0 (kind 1) or full (kind 2), by `kind` modulo 3.
    private static func writeScalingList(_ w: inout NALWriter, size: Int, kind: Int) {
        switch kind % 3 {
        case 0: w.flag(false)
        case 1:
            w.flag(true)
            w.se(5)  // 13
            w.se(-13)  // 0: the rest repeats 13
        default:
            w.flag(true)
            for j in 0..<size { w.se(j % 2 == 0 ? 3 : -2) }
        }
    }
}
