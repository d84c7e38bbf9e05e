/// A short-term reference picture set (ITU-T H.265 7.3.7 `st_ref_pic_set()`, semantics 7.4.8): the picture
/// order count deltas of the reference pictures before (S0) and after (S1) the current picture, and whether the
/// current picture uses each. A slice header needs the sizes (`NumDeltaPocs` for sets predicted from this one)
/// and the used count (`NumPicTotalCurr`); the deltas are kept to derive predicted sets.
struct HEVCShortTermRPS: Sendable, Equatable {
    /// `DeltaPocS0`: negative deltas, nearest first.
    var deltasBefore: [Int] = []
    /// `UsedByCurrPicS0`.
    var usedBefore: [Bool] = []
    /// `DeltaPocS1`: positive deltas, nearest first.
    var deltasAfter: [Int] = []
    /// `UsedByCurrPicS1`.
    var usedAfter: [Bool] = []

    /// `NumDeltaPocs`.
    var deltaCount: Int { deltasBefore.count + deltasAfter.count }

    /// The pictures of the set the current picture uses, its share of `NumPicTotalCurr` (7-55).
    var usedCount: Int { usedBefore.count(where: \.self) + usedAfter.count(where: \.self) }

    /// Reads `st_ref_pic_set(stRpsIdx)`.
    /// - Parameters:
    ///   - r: The reader, at the set.
    ///   - sets: The SPS's sets before this one, which an inter-predicted set refers to: all of them for the
    ///     set of a slice header. Their count is `stRpsIdx`.
    ///   - inSliceHeader: Whether the set is a slice header's own (`stRpsIdx` is `num_short_term_ref_pic_sets`),
    ///     which may predict from any earlier set instead of the last one.
    init(_ r: inout SyntaxReader, sets: [HEVCShortTermRPS], inSliceHeader: Bool) throws(SliceHeaderError) {
        let index = sets.count
        let predicted = index != 0 ? try r.flag() : false  // inter_ref_pic_set_prediction_flag
        guard predicted else {
            let before = try r.ue("num_negative_pics", max: 16)
            let after = try r.ue("num_positive_pics", max: 16)
            var poc = 0
            for _ in 0..<before {
                poc -= try r.ue("delta_poc_s0_minus1", max: 32767) + 1
                deltasBefore.append(poc)
                usedBefore.append(try r.flag())
            }
            poc = 0
            for _ in 0..<after {
                poc += try r.ue("delta_poc_s1_minus1", max: 32767) + 1
                deltasAfter.append(poc)
                usedAfter.append(try r.flag())
            }
            return
        }
        // Predicted from an earlier set (7-61, 7-62).
        let deltaIndex = inSliceHeader ? try r.ue("delta_idx_minus1", max: index - 1) + 1 : 1
        let reference = sets[index - deltaIndex]
        let negative = try r.flag()  // delta_rps_sign
        let magnitude = try r.ue("abs_delta_rps_minus1", max: 32767) + 1
        let deltaRPS = negative ? -magnitude : magnitude
        var used: [Bool] = []
        var useDelta: [Bool] = []
        for _ in 0...reference.deltaCount {
            let isUsed = try r.flag()  // used_by_curr_pic_flag[j]
            used.append(isUsed)
            useDelta.append(isUsed ? true : try r.flag())  // use_delta_flag[j], 1 when absent
        }
        let before = reference.deltasBefore.count
        let own = reference.deltaCount  // j of the reference picture itself, at deltaRps
        for j in reference.deltasAfter.indices.reversed() where reference.deltasAfter[j] + deltaRPS < 0 {
            if useDelta[before + j] { append(before: reference.deltasAfter[j] + deltaRPS, used[before + j]) }
        }
        if deltaRPS < 0 && useDelta[own] { append(before: deltaRPS, used[own]) }
        for j in reference.deltasBefore.indices where reference.deltasBefore[j] + deltaRPS < 0 {
            if useDelta[j] { append(before: reference.deltasBefore[j] + deltaRPS, used[j]) }
        }
        for j in reference.deltasBefore.indices.reversed() where reference.deltasBefore[j] + deltaRPS > 0 {
            if useDelta[j] { append(after: reference.deltasBefore[j] + deltaRPS, used[j]) }
        }
        if deltaRPS > 0 && useDelta[own] { append(after: deltaRPS, used[own]) }
        for j in reference.deltasAfter.indices where reference.deltasAfter[j] + deltaRPS > 0 {
            if useDelta[before + j] { append(after: reference.deltasAfter[j] + deltaRPS, used[before + j]) }
        }
    }

    private mutating func append(before delta: Int, _ used: Bool) {
        deltasBefore.append(delta)
        usedBefore.append(used)
    }

    private mutating func append(after delta: Int, _ used: Bool) {
        deltasAfter.append(delta)
        usedAfter.append(used)
    }
}
