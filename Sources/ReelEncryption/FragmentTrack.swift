/// One `traf` of a fragment, read for encryption: where its samples lie in the segment and where
/// its `trun` data offsets are written.
///
/// Sample sizes come from each `trun`, else `tfhd`'s default, else the init segment's `trex`.
/// Sample data must lie in the fragment's `mdat`, addressed from the `moof` (FFmpeg's
/// `default_base_moof`); an explicit base data offset is refused.
///
/// ```swift
/// let fragment = try FragmentTrack(traf: traf, moof: moof, mdat: mdat, in: segment, track: track, context: "fragment 1")
/// fragment.samples           // [1024..<9310, 9310..<9702, ...]
/// fragment.dataOffsetFields  // [120]
/// ```
struct FragmentTrack {
    /// tfhd flags (ISO/IEC 14496-12 §8.8.7).
    private static let baseDataOffsetPresent: UInt32 = 0x1
    private static let sampleDescriptionIndexPresent: UInt32 = 0x2
    private static let defaultDurationPresent: UInt32 = 0x8
    private static let defaultSizePresent: UInt32 = 0x10
    /// trun flags (§8.8.8).
    private static let dataOffsetPresent: UInt32 = 0x1
    private static let firstSampleFlagsPresent: UInt32 = 0x4
    private static let sampleDurationPresent: UInt32 = 0x100
    private static let sampleSizePresent: UInt32 = 0x200
    private static let sampleFlagsPresent: UInt32 = 0x400
    private static let compositionOffsetPresent: UInt32 = 0x800

    /// Each sample's bytes in the segment, in decoding order.
    let samples: [Range<Int>]
    /// Segment offsets of the `trun` data_offset fields.
    let dataOffsetFields: [Int]

    /// Reads a `traf`.
    /// - Throws: `EncryptionError` "context: …" for a missing `tfhd`, another track, a `trun`
    ///   without data offset or sample sizes, samples outside the `mdat`, or a fragment that
    ///   already carries encryption boxes.
    init(traf: ISOBox, moof: ISOBox, mdat: ISOBox, in bytes: [UInt8], track: TrackDescription, context: String)
        throws(EncryptionError)
    {
        let children = try ISOBox.children(of: bytes, in: traf.payload, context: context)
        if let present = children.first(where: { ["senc", "saiz", "saio"].contains($0.type) }) {
            throw EncryptionError("\(context): encrypted already (has \(present.type))")
        }
        let tfhd = try ISOBox.required("tfhd", among: children, context: context)
        guard tfhd.payload.count >= 8 else { throw EncryptionError("\(context): tfhd cut short") }
        let tfhdFlags = bytes.bigEndianUInt32(at: tfhd.payloadStart) & 0xFF_FFFF
        let trackID = bytes.bigEndianUInt32(at: tfhd.payloadStart + 4)
        guard trackID == track.trackID else {
            throw EncryptionError("\(context): traf of track \(trackID), the init segment's track is \(track.trackID)")
        }
        guard tfhdFlags & Self.baseDataOffsetPresent == 0 else {
            throw EncryptionError("\(context): tfhd with an explicit base data offset (default-base-is-moof expected)")
        }
        var at = tfhd.payloadStart + 8
        if tfhdFlags & Self.sampleDescriptionIndexPresent != 0 { at += 4 }
        if tfhdFlags & Self.defaultDurationPresent != 0 { at += 4 }
        var defaultSize = track.defaultSampleSize
        if tfhdFlags & Self.defaultSizePresent != 0 {
            guard at + 4 <= tfhd.end else { throw EncryptionError("\(context): tfhd cut short") }
            defaultSize = bytes.bigEndianUInt32(at: at)
        }

        var samples: [Range<Int>] = []
        var fields: [Int] = []
        for trun in children where trun.type == "trun" {
            guard trun.payload.count >= 8 else { throw EncryptionError("\(context): trun cut short") }
            let flags = bytes.bigEndianUInt32(at: trun.payloadStart) & 0xFF_FFFF
            let count = Int(bytes.bigEndianUInt32(at: trun.payloadStart + 4))
            var field = trun.payloadStart + 8
            guard flags & Self.dataOffsetPresent != 0, field + 4 <= trun.end else {
                throw EncryptionError("\(context): trun without data offset")
            }
            let dataOffset = Int(Int32(bitPattern: bytes.bigEndianUInt32(at: field)))
            fields.append(field)
            field += 4
            if flags & Self.firstSampleFlagsPresent != 0 { field += 4 }
            let perSample: [UInt32] = [
                Self.sampleDurationPresent, Self.sampleSizePresent, Self.sampleFlagsPresent,
                Self.compositionOffsetPresent,
            ]
            let recordSize = perSample.filter { flags & $0 != 0 }.count * 4
            let sizeAt = flags & Self.sampleDurationPresent != 0 ? 4 : 0
            guard count <= (trun.end - field) / max(recordSize, 1) || recordSize == 0 else {
                throw EncryptionError("\(context): trun of \(count) samples cut short")
            }
            let sizesInRun = flags & Self.sampleSizePresent != 0
            guard sizesInRun || defaultSize > 0 else { throw EncryptionError("\(context): trun without sample sizes") }
            var position = moof.start + dataOffset
            for index in 0..<count {
                let size =
                    sizesInRun ? Int(bytes.bigEndianUInt32(at: field + index * recordSize + sizeAt)) : Int(defaultSize)
                guard position >= mdat.payloadStart, size <= mdat.end - position else {
                    throw EncryptionError(
                        "\(context): sample \(samples.count + 1) (\(size) bytes at \(position - moof.start) from the "
                            + "moof) lies outside the mdat")
                }
                samples.append(position..<position + size)
                position += size
            }
        }
        guard !fields.isEmpty else { throw EncryptionError("\(context): traf without trun") }
        self.samples = samples
        dataOffsetFields = fields
    }
}
