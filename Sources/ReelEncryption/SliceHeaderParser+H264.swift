extension SliceHeaderParser {
    /// The slice header size of an H.264 NAL unit, or nil when the unit is not a slice: parameter sets are
    /// stored, other units need no parsing.
    /// - Parameter nal: The NAL unit, its one-byte header included, without its length field.
    /// - Returns: The bits from the start of the NAL header to the end of `slice_header()` (7.3.3), in RBSP bits.
    mutating func h264HeaderBits(ofNAL nal: ArraySlice<UInt8>) throws(SliceHeaderError) -> Int? {
        guard let header = nal.first else { throw SliceHeaderError(.truncated, "H.264 NAL unit is empty") }
        guard header & 0x80 == 0 else {
            throw SliceHeaderError(.invalidValue, "H.264 NAL unit has forbidden_zero_bit set")
        }
        let type = Int(header & 0x1F)
        switch type {
        case 1, 5:
            return try Self.withRBSP(of: nal) { rbsp throws(SliceHeaderError) in
                try h264SliceHeaderBits(rbsp, type: type, refIDC: Int(header >> 5))
            }
        case 2, 3, 4:
            throw SliceHeaderError(.unsupported, "H.264 data partitioning (NAL type \(type))")
        case 7:
            let sps = try H264SPS(rbsp: EmulationPrevention.rbsp(of: nal, limit: nal.count))
            h264SPS[sps.id] = sps
        case 8:
            let pps = try H264PPS(rbsp: EmulationPrevention.rbsp(of: nal, limit: nal.count))
            h264PPS[pps.id] = pps
        case 20:
            throw SliceHeaderError(.unsupported, "H.264 SVC or MVC slice extension (NAL type 20)")
        case 21:
            throw SliceHeaderError(.unsupported, "H.264 3D-AVC slice extension (NAL type 21)")
        default:
            break
        }
        return nil
    }

    /// Reads `slice_header()` (ITU-T H.264 7.3.3) of a slice NAL unit (type 1 or 5).
    /// - Returns: The position where the header ends, in bits from the start of the NAL unit.
    private func h264SliceHeaderBits(_ rbsp: [UInt8], type: Int, refIDC: Int) throws(SliceHeaderError) -> Int {
        var r = SyntaxReader(rbsp, unit: "H.264 slice header (NAL type \(type))")
        try r.skip(8)  // NAL header
        _ = try r.ue("first_mb_in_slice")
        let sliceType = try r.ue("slice_type", max: 9) % 5
        let (p, b, i, sp, si) = (sliceType == 0, sliceType == 1, sliceType == 2, sliceType == 3, sliceType == 4)
        let ppsID = try r.ue("pic_parameter_set_id", max: 255)
        guard let pps = h264PPS[ppsID] else {
            throw SliceHeaderError(.unknownParameterSet, "\(r.unit) names PPS \(ppsID), which no parameter set defined")
        }
        guard let sps = h264SPS[pps.spsID] else {
            throw SliceHeaderError(
                .unknownParameterSet, "H.264 PPS \(ppsID) names SPS \(pps.spsID), which no parameter set defined")
        }
        if sps.separateColourPlanes { try r.skip(2) }  // colour_plane_id
        try r.skip(sps.frameNumBits)  // frame_num
        var fieldPicture = false
        if !sps.frameMBsOnly {
            fieldPicture = try r.flag()
            if fieldPicture { try r.skip(1) }  // bottom_field_flag
        }
        if type == 5 { _ = try r.ue("idr_pic_id", max: 65535) }
        if sps.picOrderCountType == 0 {
            try r.skip(sps.picOrderCountLSBBits)  // pic_order_cnt_lsb
            if pps.bottomFieldPicOrderPresent && !fieldPicture { _ = try r.se("delta_pic_order_cnt_bottom") }
        }
        if sps.picOrderCountType == 1 && !sps.deltaPicOrderAlwaysZero {
            _ = try r.se("delta_pic_order_cnt[0]")
            if pps.bottomFieldPicOrderPresent && !fieldPicture { _ = try r.se("delta_pic_order_cnt[1]") }
        }
        if pps.redundantPicCountPresent { _ = try r.ue("redundant_pic_cnt", max: 127) }
        if b { try r.skip(1) }  // direct_spatial_mv_pred_flag
        var refIdxL0Minus1 = pps.refIdxL0DefaultMinus1
        var refIdxL1Minus1 = pps.refIdxL1DefaultMinus1
        if p || sp || b {
            if try r.flag() {  // num_ref_idx_active_override_flag
                let limit = fieldPicture ? 31 : 15
                refIdxL0Minus1 = try r.ue("num_ref_idx_l0_active_minus1", max: limit)
                if b { refIdxL1Minus1 = try r.ue("num_ref_idx_l1_active_minus1", max: limit) }
            }
        }
        // ref_pic_list_modification() (7.3.3.1).
        if !i && !si {
            for _ in 0..<(b ? 2 : 1) {
                guard try r.flag() else { continue }  // ref_pic_list_modification_flag_l0, _l1
                while true {
                    let idc = try r.ue("modification_of_pic_nums_idc", max: 3)
                    if idc == 3 { break }
                    _ = try r.ue(idc == 2 ? "long_term_pic_num" : "abs_diff_pic_num_minus1")
                }
            }
        }
        // pred_weight_table() (7.3.3.2).
        if (pps.weightedPrediction && (p || sp)) || (pps.weightedBipredIDC == 1 && b) {
            _ = try r.ue("luma_log2_weight_denom", max: 7)
            if sps.chromaArrayType != 0 { _ = try r.ue("chroma_log2_weight_denom", max: 7) }
            for count in b ? [refIdxL0Minus1 + 1, refIdxL1Minus1 + 1] : [refIdxL0Minus1 + 1] {
                for _ in 0..<count {
                    if try r.flag() {  // luma_weight_lX_flag
                        _ = try r.se("luma_weight", in: -128...127)
                        _ = try r.se("luma_offset", in: -128...127)
                    }
                    if sps.chromaArrayType != 0, try r.flag() {  // chroma_weight_lX_flag
                        for _ in 0..<2 {
                            _ = try r.se("chroma_weight", in: -128...127)
                            _ = try r.se("chroma_offset", in: -128...127)
                        }
                    }
                }
            }
        }
        // dec_ref_pic_marking() (7.3.3.3).
        if refIDC != 0 {
            if type == 5 {
                try r.skip(2)  // no_output_of_prior_pics_flag, long_term_reference_flag
            } else if try r.flag() {  // adaptive_ref_pic_marking_mode_flag
                while true {
                    let operation = try r.ue("memory_management_control_operation", max: 6)
                    if operation == 0 { break }
                    if operation == 1 || operation == 3 { _ = try r.ue("difference_of_pic_nums_minus1") }
                    if operation == 2 { _ = try r.ue("long_term_pic_num") }
                    if operation == 3 || operation == 6 { _ = try r.ue("long_term_frame_idx") }
                    if operation == 4 { _ = try r.ue("max_long_term_frame_idx_plus1") }
                }
            }
        }
        if pps.cabac && !i && !si { _ = try r.ue("cabac_init_idc", max: 2) }
        _ = try r.se("slice_qp_delta")
        if sp || si {
            if sp { try r.skip(1) }  // sp_for_switch_flag
            _ = try r.se("slice_qs_delta")
        }
        if pps.deblockingFilterControl {
            if try r.ue("disable_deblocking_filter_idc", max: 2) != 1 {
                _ = try r.se("slice_alpha_c0_offset_div2", in: -6...6)
                _ = try r.se("slice_beta_offset_div2", in: -6...6)
            }
        }
        if pps.sliceGroupsMinus1 > 0 && (3...5).contains(pps.sliceGroupMapType) {
            // slice_group_change_cycle: Ceil(Log2(PicSizeInMapUnits ÷ SliceGroupChangeRate + 1)) bits, the
            // division exact (7-35).
            var width = 0
            while (1 << width) * pps.sliceGroupChangeRate < sps.picSizeInMapUnits + pps.sliceGroupChangeRate {
                width += 1
            }
            try r.skip(width)
        }
        let end = r.position
        // CABAC slice data starts byte aligned after cabac_alignment_one_bit ones (7.3.4): a zero there means
        // the header above was misread.
        if pps.cabac {
            while !r.isByteAligned {
                guard try r.flag() else {
                    throw SliceHeaderError(
                        .invalidValue, "\(r.unit): cabac_alignment_one_bit is 0 after a \(end)-bit header")
                }
            }
        }
        return end
    }
}
