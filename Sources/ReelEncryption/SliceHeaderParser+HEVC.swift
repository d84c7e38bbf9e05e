extension SliceHeaderParser {
    /// The slice segment header size of an HEVC NAL unit, or nil when the unit is not a slice segment (VCL NAL
    /// unit types 0 to 31): parameter sets of the base layer are stored, other units need no parsing.
    /// - Parameter nal: The NAL unit, its two-byte header included, without its length field.
    /// - Returns: The bits from the start of the NAL header to the end of `slice_segment_header()` (7.3.6.1),
    ///   byte alignment included, in RBSP bits.
    mutating func hevcHeaderBits(ofNAL nal: ArraySlice<UInt8>) throws(SliceHeaderError) -> Int? {
        guard nal.count >= 2 else { throw SliceHeaderError(.truncated, "HEVC NAL unit header is cut short") }
        let first = nal[nal.startIndex]
        let second = nal[nal.startIndex + 1]
        guard first & 0x80 == 0 else {
            throw SliceHeaderError(.invalidValue, "HEVC NAL unit has forbidden_zero_bit set")
        }
        let type = Int(first >> 1 & 0x3F)
        let layer = Int(first & 1) << 5 | Int(second >> 3)
        switch type {
        case 0...31:
            guard layer == 0 else {
                throw SliceHeaderError(
                    .unsupported, "layered HEVC (MV-HEVC or SHVC): a slice segment with nuh_layer_id \(layer)")
            }
            return try Self.withRBSP(of: nal) { rbsp throws(SliceHeaderError) in
                try hevcSliceSegmentHeaderBits(rbsp, type: type)
            }
        case 33 where layer == 0:
            let sps = try HEVCSPS(rbsp: EmulationPrevention.rbsp(of: nal, limit: nal.count))
            hevcSPS[sps.id] = sps
        case 34 where layer == 0:
            let pps = try HEVCPPS(rbsp: EmulationPrevention.rbsp(of: nal, limit: nal.count))
            hevcPPS[pps.id] = pps
        default:
            break
        }
        return nil
    }

    /// Reads `slice_segment_header()` (ITU-T H.265 7.3.6.1) and `byte_alignment()`.
    /// - Returns: The position where the header ends, in bits from the start of the NAL unit.
    private func hevcSliceSegmentHeaderBits(_ rbsp: [UInt8], type: Int) throws(SliceHeaderError) -> Int {
        var r = SyntaxReader(rbsp, unit: "HEVC slice segment header (NAL type \(type))")
        try r.skip(16)  // NAL header
        let firstInPicture = try r.flag()  // first_slice_segment_in_pic_flag
        if (16...23).contains(type) { try r.skip(1) }  // no_output_of_prior_pics_flag
        let ppsID = try r.ue("slice_pic_parameter_set_id", max: 63)
        guard let pps = hevcPPS[ppsID] else {
            throw SliceHeaderError(.unknownParameterSet, "\(r.unit) names PPS \(ppsID), which no parameter set defined")
        }
        guard let sps = hevcSPS[pps.spsID] else {
            throw SliceHeaderError(
                .unknownParameterSet, "HEVC PPS \(ppsID) names SPS \(pps.spsID), which no parameter set defined")
        }
        guard !pps.screenContentExtension else {
            throw SliceHeaderError(.unsupported, "HEVC screen content coding (PPS \(ppsID) has its extension)")
        }
        var dependent = false
        if !firstInPicture {
            if pps.dependentSliceSegments { dependent = try r.flag() }
            try r.skip(sps.sliceAddressBits)  // slice_segment_address
        }
        // A dependent slice segment takes these values from the segment before it; what follows them depends
        // only on the parameter sets.
        if !dependent {
            try r.skip(pps.extraSliceHeaderBits)  // slice_reserved_flag[i]
            let sliceType = try r.ue("slice_type", max: 2)
            let (b, p) = (sliceType == 0, sliceType == 1)
            if pps.outputFlagPresent { try r.skip(1) }  // pic_output_flag
            if sps.separateColourPlanes { try r.skip(2) }  // colour_plane_id
            var picTotalCurrent = 0  // NumPicTotalCurr (7-55)
            var temporalMVP = false
            if type != 19 && type != 20 {  // not IDR_W_RADL, IDR_N_LP
                try r.skip(sps.picOrderCountLSBBits)  // slice_pic_order_cnt_lsb
                let shortTerm: HEVCShortTermRPS
                if try r.flag() {  // short_term_ref_pic_set_sps_flag
                    let count = sps.shortTermRPS.count
                    let index = count > 1 ? try r.bits(count.ceilLog2) : 0  // short_term_ref_pic_set_idx
                    guard index < count else { throw r.invalid("short_term_ref_pic_set_idx", index) }
                    shortTerm = sps.shortTermRPS[index]
                } else {
                    shortTerm = try HEVCShortTermRPS(&r, sets: sps.shortTermRPS, inSliceHeader: true)
                }
                picTotalCurrent = shortTerm.usedCount
                if sps.longTermRefsPresent {
                    let candidates = sps.longTermUsedByCurrent
                    let fromSPS = candidates.isEmpty ? 0 : try r.ue("num_long_term_sps", max: candidates.count)
                    let own = try r.ue("num_long_term_pics", max: 32)
                    for i in 0..<(fromSPS + own) {
                        if i < fromSPS {
                            let index = candidates.count > 1 ? try r.bits(candidates.count.ceilLog2) : 0  // lt_idx_sps
                            guard index < candidates.count else { throw r.invalid("lt_idx_sps", index) }
                            if candidates[index] { picTotalCurrent += 1 }
                        } else {
                            try r.skip(sps.picOrderCountLSBBits)  // poc_lsb_lt
                            if try r.flag() { picTotalCurrent += 1 }  // used_by_curr_pic_lt_flag
                        }
                        if try r.flag() { _ = try r.ue("delta_poc_msb_cycle_lt") }  // delta_poc_msb_present_flag
                    }
                }
                if sps.temporalMVP { temporalMVP = try r.flag() }  // slice_temporal_mvp_enabled_flag
            }
            var sampleAdaptiveOffset = false
            if sps.sampleAdaptiveOffset {
                sampleAdaptiveOffset = try r.flag()  // slice_sao_luma_flag
                if sps.chromaArrayType != 0, try r.flag() { sampleAdaptiveOffset = true }  // slice_sao_chroma_flag
            }
            if p || b {
                var refIdxL0Minus1 = pps.refIdxL0DefaultMinus1
                var refIdxL1Minus1 = pps.refIdxL1DefaultMinus1
                if try r.flag() {  // num_ref_idx_active_override_flag
                    refIdxL0Minus1 = try r.ue("num_ref_idx_l0_active_minus1", max: 14)
                    if b { refIdxL1Minus1 = try r.ue("num_ref_idx_l1_active_minus1", max: 14) }
                }
                if pps.listsModification && picTotalCurrent > 1 {
                    // ref_pic_lists_modification() (7.3.6.2): list_entry_lX[i] has Ceil(Log2(NumPicTotalCurr))
                    // bits.
                    if try r.flag() { try r.skip((refIdxL0Minus1 + 1) * picTotalCurrent.ceilLog2) }
                    if b, try r.flag() { try r.skip((refIdxL1Minus1 + 1) * picTotalCurrent.ceilLog2) }
                }
                if b { try r.skip(1) }  // mvd_l1_zero_flag
                if pps.cabacInitPresent { try r.skip(1) }  // cabac_init_flag
                if temporalMVP {
                    let fromL0 = b ? try r.flag() : true  // collocated_from_l0_flag
                    if (fromL0 && refIdxL0Minus1 > 0) || (!fromL0 && refIdxL1Minus1 > 0) {
                        _ = try r.ue("collocated_ref_idx", max: 14)
                    }
                }
                if (pps.weightedPrediction && p) || (pps.weightedBiprediction && b) {
                    try Self.skipPredWeightTable(
                        &r, counts: b ? [refIdxL0Minus1 + 1, refIdxL1Minus1 + 1] : [refIdxL0Minus1 + 1],
                        chroma: sps.chromaArrayType != 0)
                }
                _ = try r.ue("five_minus_max_num_merge_cand", max: 4)
            }
            _ = try r.se("slice_qp_delta")
            if pps.sliceChromaQPOffsets {
                _ = try r.se("slice_cb_qp_offset", in: -12...12)
                _ = try r.se("slice_cr_qp_offset", in: -12...12)
            }
            if pps.chromaQPOffsetList { try r.skip(1) }  // cu_chroma_qp_offset_enabled_flag
            var deblockingDisabled = pps.deblockingDisabled
            if pps.deblockingOverride, try r.flag() {  // deblocking_filter_override_flag
                deblockingDisabled = try r.flag()  // slice_deblocking_filter_disabled_flag
                if !deblockingDisabled {
                    _ = try r.se("slice_beta_offset_div2", in: -6...6)
                    _ = try r.se("slice_tc_offset_div2", in: -6...6)
                }
            }
            if pps.loopFilterAcrossSlices && (sampleAdaptiveOffset || !deblockingDisabled) {
                try r.skip(1)  // slice_loop_filter_across_slices_enabled_flag
            }
        }
        if pps.tiles || pps.entropyCodingSync {
            let offsets = try r.ue("num_entry_point_offsets", max: sps.picSizeInCTBs)
            if offsets > 0 {
                let width = try r.ue("offset_len_minus1", max: 31) + 1
                try r.skip(offsets * width)  // entry_point_offset_minus1[i]
            }
        }
        if pps.sliceHeaderExtension {
            let length = try r.ue("slice_segment_header_extension_length", max: 256)
            try r.skip(length * 8)  // slice_segment_header_extension_data_byte
        }
        // byte_alignment(): a one, then zeros to the byte boundary. Anything else means the header was misread.
        guard try r.flag() else {
            throw SliceHeaderError(.invalidValue, "\(r.unit): alignment_bit_equal_to_one is 0 at bit \(r.position - 1)")
        }
        while !r.isByteAligned {
            guard !(try r.flag()) else {
                throw SliceHeaderError(
                    .invalidValue, "\(r.unit): alignment_bit_equal_to_zero is 1 at bit \(r.position - 1)")
            }
        }
        return r.position
    }

    /// Skips `pred_weight_table()` (7.3.6.3) of a single-layer stream, where every reference picture is another
    /// picture, so every `luma_weight_lX_flag` and `chroma_weight_lX_flag` is present.
    /// - Parameters:
    ///   - counts: The entries of each reference list: `num_ref_idx_l0_active_minus1 + 1`, and for B slices
    ///     `num_ref_idx_l1_active_minus1 + 1`.
    ///   - chroma: Whether `ChromaArrayType` is not 0.
    private static func skipPredWeightTable(_ r: inout SyntaxReader, counts: [Int], chroma: Bool)
        throws(SliceHeaderError)
    {
        _ = try r.ue("luma_log2_weight_denom", max: 7)
        if chroma { _ = try r.se("delta_chroma_log2_weight_denom", in: -7...7) }
        for count in counts {
            var luma: [Bool] = []
            var chromaWeights: [Bool] = []
            for _ in 0..<count { luma.append(try r.flag()) }
            if chroma { for _ in 0..<count { chromaWeights.append(try r.flag()) } }
            for i in 0..<count {
                if luma[i] {
                    _ = try r.se("delta_luma_weight", in: -128...127)
                    _ = try r.se("luma_offset")
                }
                if chroma && chromaWeights[i] {
                    for _ in 0..<4 { _ = try r.se("delta_chroma_weight or delta_chroma_offset") }
                }
            }
        }
    }
}
