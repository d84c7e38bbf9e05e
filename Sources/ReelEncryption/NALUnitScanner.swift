/// Where each NAL unit of an H.264 or HEVC sample starts and how many of its leading bytes stay
/// clear, for subsample encryption (ISO/IEC 23001-7 §9.5, §10.4).
///
/// `SegmentEncryptor` asks once per video sample. A conforming type keeps clear at least the
/// length field and the NAL unit header (and, to follow the standard, the slice header), and
/// non-VCL NAL units (parameter sets, SEI, AUD) entirely; the encryptor checks that every length
/// field and NAL header is clear, merges the clear and protected parts into subsamples, and for
/// `cenc` moves a protected range's last partial block into the clear bytes.
///
/// `SliceHeaderParser` is the scanner Reel uses: it keeps slice headers clear as the standard asks.
///
/// ```swift
/// var encryptor = try SegmentEncryptor(
///     initSegment: header, protection: protection,
///     nalUnitScanner: try SliceHeaderParser(codec: .h264, configuration: avcC))
///
/// struct HeaderOnly: NALUnitScanner {
///     // 4-byte lengths, H.264: keep the length and the 1-byte NAL header clear.
///     mutating func nalUnits(inSample sample: ArraySlice<UInt8>) throws -> [NALUnitSpan] {
///         var units: [NALUnitSpan] = []
///         var at = 0
///         while at < sample.count {
///             let i = sample.startIndex + at
///             let size = 4 + sample[i..<i + 4].reduce(0) { $0 << 8 | Int($1) }
///             units.append(NALUnitSpan(offset: at, length: size, clearBytes: 5))
///             at += size
///         }
///         return units
///     }
/// }
/// ```
public protocol NALUnitScanner: Sendable {
    /// The NAL units of one sample, in order, covering it exactly.
    /// - Parameter sample: The sample's bytes (length-prefixed NAL units); its indices are those of
    ///   the segment it lies in, so start from `sample.startIndex`.
    /// - Returns: For each NAL unit, its offset from the sample's first byte and its length, both
    ///   counting its length field, and how many of its leading bytes stay clear, counting the
    ///   length field.
    /// - Throws: When the sample cannot be parsed; the encryptor names the fragment and sample.
    mutating func nalUnits(inSample sample: ArraySlice<UInt8>) throws -> [NALUnitSpan]
}

extension SliceHeaderParser: NALUnitScanner {}
