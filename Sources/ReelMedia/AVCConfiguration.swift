import CFFmpeg

/// Builds an `avcC` AVCDecoderConfigurationRecord (ISO/IEC 14496-15) from Annex B parameter sets.
enum AVCConfiguration {
    /// - Parameter annexB: SPS and PPS NAL units with start codes, as libx264 emits them.
    /// - Returns: The record, or nil when no SPS/PPS is found.
    ///
    /// The record stops after the PPS list: the optional High-profile tail (chroma format and bit
    /// depths, which decoders read from the SPS anyway) is left out because several widely used
    /// MP4 parsers mis-size the sample entry when it is present.
    static func record(fromAnnexB annexB: [UInt8]) -> [UInt8]? {
        record(units: CodecString.annexBUnits(annexB), lengthSize: 4)
    }

    /// - Parameters:
    ///   - units: NAL units without start codes or lengths; the SPS and PPS among them are kept
    ///     (each once, in order), the rest ignored.
    ///   - lengthSize: The size of the samples' NAL unit lengths the record announces (1, 2 or 4).
    /// - Returns: The record, or nil when no SPS/PPS is found.
    static func record(units: [ArraySlice<UInt8>], lengthSize: Int) -> [UInt8]? {
        let sps = distinct(units.filter { ($0.first ?? 0) & 0x1F == 7 })
        let pps = distinct(units.filter { ($0.first ?? 0) & 0x1F == 8 })
        guard let first = sps.first, first.count >= 4, !pps.isEmpty, sps.count < 32, pps.count < 256,
            [1, 2, 4].contains(lengthSize)
        else { return nil }
        let profile = first[first.startIndex + 1]
        let compatibility = first[first.startIndex + 2]
        let level = first[first.startIndex + 3]
        var out: [UInt8] = [1, profile, compatibility, level, 0xFC | UInt8(lengthSize - 1), 0xE0 | UInt8(sps.count)]
        for unit in sps {
            out += [UInt8(unit.count >> 8), UInt8(unit.count & 0xFF)] + unit
        }
        out.append(UInt8(pps.count))
        for unit in pps {
            out += [UInt8(unit.count >> 8), UInt8(unit.count & 0xFF)] + unit
        }
        return out
    }

    /// The units in order, each repeated one left out (a keyframe may repeat its parameter sets).
    static func distinct(_ units: [ArraySlice<UInt8>]) -> [ArraySlice<UInt8>] {
        var kept: [ArraySlice<UInt8>] = []
        for unit in units where !kept.contains(where: { $0.elementsEqual(unit) }) { kept.append(unit) }
        return kept
    }
}

extension Packet {
    /// Rewrites an Annex B packet (start codes) as ISO BMFF length-prefixed NAL units (4-byte lengths).
    /// - Returns: A new packet with the same timestamps and flags.
    func lengthPrefixedCopy() throws -> Packet {
        let source = UnsafeBufferPointer(start: pointer.pointee.data, count: size)
        var units: [Range<Int>] = []
        var start: Int?
        var i = 0
        while i + 2 < source.count {
            if source[i] == 0 && source[i + 1] == 0 && source[i + 2] == 1 {
                if let s = start {
                    var end = i
                    while end > s && source[end - 1] == 0 { end -= 1 }
                    units.append(s..<end)
                }
                i += 3
                start = i
            } else {
                i += 1
            }
        }
        if let s = start, s < source.count { units.append(s..<source.count) }
        if units.isEmpty { return clone() }
        let total = units.reduce(0) { $0 + 4 + $1.count }
        let out = Packet()
        try check(av_new_packet(out.pointer, Int32(total)), "rewrite H.264 packet")
        try check(av_packet_copy_props(out.pointer, pointer), "rewrite H.264 packet")
        var cursor = out.pointer.pointee.data!
        for unit in units {
            let length = UInt32(unit.count)
            cursor[0] = UInt8(length >> 24)
            cursor[1] = UInt8((length >> 16) & 0xFF)
            cursor[2] = UInt8((length >> 8) & 0xFF)
            cursor[3] = UInt8(length & 0xFF)
            cursor.advanced(by: 4).update(from: source.baseAddress!.advanced(by: unit.lowerBound), count: unit.count)
            cursor = cursor.advanced(by: 4 + unit.count)
        }
        return out
    }
}
