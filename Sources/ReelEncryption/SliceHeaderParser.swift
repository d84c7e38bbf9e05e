/// Finds, for each NAL unit of an H.264 or HEVC sample, how many leading bytes must stay clear under subsample
/// encryption (ISO/IEC 23001-7 `cenc` and `cbcs`): the NAL header and, for slices, the whole slice header,
/// rounded up to a byte. Sizes count the bytes as stored, emulation prevention bytes included; the headers are
/// parsed in RBSP bits (ITU-T H.264 7.3.3 `slice_header()`; H.265 7.3.6.1 `slice_segment_header()` with its
/// entry points, header extension and `byte_alignment()`).
///
/// A slice header's syntax depends on its picture and sequence parameter sets, so the parser keeps the SPSs and
/// PPSs of the sample entry's configuration record and replaces them with the ones met in samples (the VPS is
/// not needed: nothing in a slice segment header depends on it). Feed it every NAL unit of every sample in
/// decoding order.
///
/// ```swift
/// var parser = try SliceHeaderParser(codec: .h264, configuration: avcC)
/// for sample in samples {
///     for unit in try parser.nalUnits(inSample: sample[...]) {
///         // Leave sample[unit.offset ..< unit.offset + unit.clearBytes] clear and encrypt the
///         // unit.protectedBytes after them.
///     }
/// }
/// ```
///
/// Refused with `SliceHeaderError.Kind.unsupported`: H.264 data partitioning (NAL types 2 to 4) and SVC, MVC and
/// 3D-AVC slices (NAL types 20 and 21); HEVC slices of layers above 0 (MV-HEVC, SHVC) and screen content coding.
/// H.264 auxiliary pictures (NAL type 19) and the other non-slice units stay clear whole.
public struct SliceHeaderParser: Sendable {
    /// The codec of the samples.
    public let codec: NALCodec
    /// The size of the NAL length fields in samples, from the configuration record: 1, 2 or 4 bytes.
    public let lengthSize: Int

    /// The H.264 SPSs by `seq_parameter_set_id`.
    var h264SPS: [Int: H264SPS] = [:]
    /// The H.264 PPSs by `pic_parameter_set_id`.
    var h264PPS: [Int: H264PPS] = [:]
    /// The HEVC SPSs of the base layer by `sps_seq_parameter_set_id`.
    var hevcSPS: [Int: HEVCSPS] = [:]
    /// The HEVC PPSs of the base layer by `pps_pic_parameter_set_id`.
    var hevcPPS: [Int: HEVCPPS] = [:]

    /// Reads the NAL length size and the parameter sets of a sample entry's configuration record.
    /// - Parameters:
    ///   - codec: The samples' codec.
    ///   - configuration: The `avcC` record for H.264 or the `hvcC` record for HEVC (ISO/IEC 14496-15), without
    ///     its box header. A record without parameter sets (as `avc3` and `hev1` may have) is fine when the
    ///     samples carry them.
    /// - Throws: `SliceHeaderError` when the record or one of its parameter sets cannot be read.
    public init(codec: NALCodec, configuration: [UInt8]) throws(SliceHeaderError) {
        let record = try NALConfigurationRecord(codec: codec, bytes: configuration)
        self.codec = codec
        lengthSize = record.lengthSize
        for unit in record.nalUnits {
            do {
                _ = try headerBits(ofNAL: unit)
            } catch {
                throw SliceHeaderError(
                    error.kind == .unsupported ? .unsupported : .invalidConfiguration,
                    "\(codec == .h264 ? "avcC" : "hvcC") record: \(error.message)")
            }
        }
    }

    /// The leading bytes of one NAL unit that must stay clear: the NAL header and the slice header for a slice,
    /// the whole unit otherwise (SPS, PPS, VPS, SEI, AUD, ...). Parameter sets replace the stored ones with
    /// the same id.
    /// - Parameter nal: The NAL unit without its length field.
    /// - Returns: A byte count from the start of the unit, emulation prevention bytes included.
    /// - Throws: `SliceHeaderError` naming what could not be read.
    public mutating func clearBytes(ofNAL nal: ArraySlice<UInt8>) throws(SliceHeaderError) -> Int {
        guard let bits = try headerBits(ofNAL: nal) else { return nal.count }
        return EmulationPrevention.storedCount(ofRBSPBytes: (bits + 7) / 8, in: nal)
    }

    /// Splits a sample into its NAL units and finds the clear bytes of each (see `clearBytes(ofNAL:)`).
    /// - Parameter sample: The sample: NAL units, each after a big-endian length field of `lengthSize` bytes.
    /// - Returns: One span for each unit, in order. Offsets count from the first byte of `sample` (not from its
    ///   `startIndex`); lengths and clear bytes include the length field.
    /// - Throws: `SliceHeaderError` when a length field runs past the sample's end or a unit cannot be read.
    public mutating func nalUnits(inSample sample: ArraySlice<UInt8>) throws(SliceHeaderError) -> [NALUnitSpan] {
        var spans: [NALUnitSpan] = []
        var index = sample.startIndex
        while index < sample.endIndex {
            let offset = index - sample.startIndex
            guard sample.endIndex - index >= lengthSize else {
                throw SliceHeaderError(
                    .truncated,
                    "the sample ends inside a NAL length field (\(sample.endIndex - index) bytes left at offset "
                        + "\(offset))")
            }
            var length = 0
            for byte in sample[index..<(index + lengthSize)] { length = length << 8 | Int(byte) }
            let start = index + lengthSize
            guard length <= sample.endIndex - start else {
                throw SliceHeaderError(
                    .truncated,
                    "a NAL unit of \(length) bytes at offset \(offset) runs past the sample's end "
                        + "(\(sample.endIndex - start) bytes left)")
            }
            let clear = try clearBytes(ofNAL: sample[start..<(start + length)])
            spans.append(NALUnitSpan(offset: offset, length: lengthSize + length, clearBytes: lengthSize + clear))
            index = start + length
        }
        return spans
    }

    /// The size of a NAL unit's slice header, or nil when the unit is not a slice (parameter sets are stored).
    /// - Parameter nal: The NAL unit without its length field.
    /// - Returns: The bits from the start of the NAL header to the end of the slice header, in RBSP bits.
    mutating func headerBits(ofNAL nal: ArraySlice<UInt8>) throws(SliceHeaderError) -> Int? {
        switch codec {
        case .h264: try h264HeaderBits(ofNAL: nal)
        case .hevc: try hevcHeaderBits(ofNAL: nal)
        }
    }

    /// Runs a header parser on a NAL unit's RBSP: first on the RBSP of the unit's first bytes, which hold any
    /// real header, then on the whole unit's when those bytes ran out, so large slices are not copied whole.
    static func withRBSP<T>(of nal: ArraySlice<UInt8>, _ parse: ([UInt8]) throws(SliceHeaderError) -> T)
        throws(SliceHeaderError) -> T
    {
        let prefix = 512
        if nal.count > prefix {
            do {
                return try parse(EmulationPrevention.rbsp(of: nal, limit: prefix))
            } catch  where error.kind == .truncated {
                // The header is longer than the prefix: parse again with all of it.
            }
        }
        return try parse(EmulationPrevention.rbsp(of: nal, limit: nal.count))
    }
}
