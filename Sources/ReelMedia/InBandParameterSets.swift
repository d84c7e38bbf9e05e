import CFFmpeg

/// The configuration of an H.264 or HEVC stream that carries its parameter sets only in its
/// keyframes (an `avc3` or `hev1` source whose record lists none, an elementary stream without
/// extradata), gathered from the first keyframe so that the sample entry can be `avc1`/`hvc1`,
/// which players read the parameter sets from.
///
/// The samples keep their in-band copies: ISO/IEC 14496-15 lets `avc1`/`hvc1` samples repeat the
/// sample entry's parameter sets, and players tolerate them.
///
/// ```swift
/// guard let found = InBandParameterSets(keyframe: bytes, isHEVC: false, lengthSize: 4) else { … }
/// found.extradata   // an avcC record with the keyframe's SPS and PPS
/// ```
struct InBandParameterSets {
    /// How the packets must be rewritten to match `extradata`.
    enum Rewrite: Equatable {
        /// As they are.
        case none
        /// From start codes to 4-byte lengths (H.264 from an elementary stream).
        case annexBToLengthPrefixed
        /// From lengths of this many bytes to start codes (HEVC, which FFmpeg's muxer turns into
        /// an `hvcC` record and length-prefixed samples itself when it is given Annex B).
        case lengthPrefixedToAnnexB(lengthSize: Int)
    }

    /// The muxer stream's configuration: an `avcC` record for H.264, the VPS, SPS and PPS in
    /// Annex B for HEVC.
    let extradata: [UInt8]
    let rewrite: Rewrite

    /// - Parameters:
    ///   - keyframe: The stream's first keyframe.
    ///   - isHEVC: HEVC rather than H.264.
    ///   - lengthSize: The size of the packets' NAL unit lengths (from the source's record), nil
    ///     when they are in Annex B (start codes).
    /// - Returns: nil when the keyframe lacks a parameter set the codec needs (SPS and PPS; VPS,
    ///   SPS and PPS for HEVC).
    init?(keyframe: [UInt8], isHEVC: Bool, lengthSize: Int?) {
        let units =
            lengthSize.map { Self.lengthPrefixedUnits(keyframe, lengthSize: $0) } ?? CodecString.annexBUnits(keyframe)
        if isHEVC {
            // nal_unit_type is bits 1-6 of the first header byte: 32 VPS, 33 SPS, 34 PPS.
            let sets = [32, 33, 34].map { type in
                AVCConfiguration.distinct(units.filter { unit in unit.first.map { Int($0 >> 1) & 0x3F } == type })
            }
            guard sets.allSatisfy({ !$0.isEmpty }) else { return nil }
            extradata = sets.joined().flatMap { [0, 0, 0, 1] + $0 }
            rewrite = lengthSize.map { .lengthPrefixedToAnnexB(lengthSize: $0) } ?? .none
        } else {
            guard let record = AVCConfiguration.record(units: units, lengthSize: lengthSize ?? 4) else { return nil }
            extradata = record
            rewrite = lengthSize == nil ? .annexBToLengthPrefixed : .none
        }
    }

    /// Splits length-prefixed NAL units (ISO/IEC 14496-15 samples); a truncated last unit is left out.
    static func lengthPrefixedUnits(_ bytes: [UInt8], lengthSize: Int) -> [ArraySlice<UInt8>] {
        var units: [ArraySlice<UInt8>] = []
        var offset = 0
        while offset + lengthSize <= bytes.count {
            let length = bytes[offset..<offset + lengthSize].reduce(0) { $0 << 8 | Int($1) }
            offset += lengthSize
            guard length > 0, offset + length <= bytes.count else { break }
            units.append(bytes[offset..<offset + length])
            offset += length
        }
        return units
    }
}

extension Packet {
    /// Rewrites a length-prefixed packet as Annex B (a 4-byte start code before each NAL unit).
    /// - Parameter lengthSize: The size of the packet's NAL unit lengths.
    /// - Returns: A new packet with the same timestamps and flags.
    func annexBCopy(lengthSize: Int) throws -> Packet {
        let units = InBandParameterSets.lengthPrefixedUnits(data, lengthSize: lengthSize)
        let out = Packet()
        try check(av_new_packet(out.pointer, Int32(units.reduce(0) { $0 + 4 + $1.count })), "rewrite packet")
        try check(av_packet_copy_props(out.pointer, pointer), "rewrite packet")
        var cursor = out.pointer.pointee.data!
        for unit in units {
            cursor.update(from: [0, 0, 0, 1], count: 4)
            unit.withUnsafeBufferPointer { cursor.advanced(by: 4).update(from: $0.baseAddress!, count: unit.count) }
            cursor = cursor.advanced(by: 4 + unit.count)
        }
        return out
    }
}
