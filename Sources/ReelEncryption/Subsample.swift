/// One subsample of an encrypted video sample: clear bytes, then protected bytes, as `senc`
/// records them (ISO/IEC 23001-7 §7.2: 16-bit clear count, 32-bit protected count).
///
/// ```swift
/// // SPS, PPS (clear), then a slice with 5 bytes of headers and 1000 of data, 4-byte lengths:
/// let units = [
///     NALUnitSpan(offset: 0, length: 24, clearBytes: 24), NALUnitSpan(offset: 24, length: 12, clearBytes: 12),
///     NALUnitSpan(offset: 36, length: 1005, clearBytes: 5),
/// ]
/// try Subsample.merging(units, sampleSize: 1041, minimumClear: 5, wholeBlocks: true, context: "sample 1")
/// // [Subsample(clearBytes: 49, protectedBytes: 992)]: 8 bytes of the slice's tail join the clear part
/// ```
struct Subsample: Equatable, Sendable {
    /// Bytes left clear, at most 65535.
    var clearBytes: Int
    /// Bytes protected after them.
    var protectedBytes: Int

    /// The subsamples of one sample from its NAL units: the clear bytes of NAL units without
    /// protected bytes run on into the next one's clear part; a run longer than 65535 bytes is cut
    /// into (65535, 0) entries.
    /// - Parameters:
    ///   - units: The scanner's NAL units, which must cover the sample in order.
    ///   - minimumClear: Bytes each NAL unit must keep clear: its length field and NAL header.
    ///   - wholeBlocks: Whether protected ranges must be whole 16-byte blocks (`cenc`): the
    ///     remainder moves into the clear bytes before the range, as Shaka Packager does.
    ///   - context: Where the sample is, for errors ("fragment 3, sample 7").
    /// - Throws: `EncryptionError` when the NAL units do not tile the sample or keep too little clear.
    static func merging(
        _ units: [NALUnitSpan], sampleSize: Int, minimumClear: Int,
        wholeBlocks: Bool, context: String
    ) throws(EncryptionError) -> [Subsample] {
        var subsamples: [Subsample] = []
        var pendingClear = 0
        var expected = 0
        func add(clear: Int, protected: Int) {
            var clear = clear
            while clear > Int(UInt16.max) {
                subsamples.append(Subsample(clearBytes: Int(UInt16.max), protectedBytes: 0))
                clear -= Int(UInt16.max)
            }
            subsamples.append(Subsample(clearBytes: clear, protectedBytes: protected))
        }
        for unit in units {
            guard unit.offset == expected, unit.length > 0, unit.offset + unit.length <= sampleSize else {
                throw EncryptionError(
                    "\(context): NAL unit at \(unit.offset) (\(unit.length) bytes) does not follow the one "
                        + "before (expected at \(expected), sample of \(sampleSize) bytes)")
            }
            guard unit.clearBytes >= minimumClear, unit.clearBytes <= unit.length else {
                throw EncryptionError(
                    "\(context): NAL unit at \(unit.offset) keeps \(unit.clearBytes) of \(unit.length) bytes clear "
                        + "(its length field and header need \(minimumClear))")
            }
            expected += unit.length
            var clear = unit.clearBytes
            var protected = unit.length - unit.clearBytes
            if wholeBlocks {
                clear += protected % 16
                protected -= protected % 16
            }
            guard protected <= Int(UInt32.max) else {
                throw EncryptionError("\(context): NAL unit at \(unit.offset) too large for a subsample")
            }
            pendingClear += clear
            if protected > 0 {
                add(clear: pendingClear, protected: protected)
                pendingClear = 0
            }
        }
        guard expected == sampleSize else {
            throw EncryptionError("\(context): NAL units cover \(expected) of the sample's \(sampleSize) bytes")
        }
        if pendingClear > 0 { add(clear: pendingClear, protected: 0) }
        return subsamples
    }
}
