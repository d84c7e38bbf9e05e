/// RFC 6381 codec strings (`avc1.64001f`, `hvc1.1.6.L93.B0`, `mp4a.40.2`) from encoder extradata.
enum CodecString {
    /// Derives the codec string.
    /// - Parameters:
    ///   - codec: FFmpeg's codec name (`h264`, `hevc`, `aac`, `ac3`, `eac3`, `opus`).
    ///   - extradata: The encoder's extradata (ISO BMFF configuration record or Annex B).
    /// - Returns: The string for HLS CODECS and DASH @codecs.
    static func make(codec: String, extradata: [UInt8]) -> String {
        switch codec {
        case "h264": return avc(extradata) ?? "avc1.640028"
        case "hevc": return hevc(extradata) ?? "hvc1.1.6.L120.90"
        case "aac": return aac(extradata)
        case "ac3": return "ac-3"
        case "eac3": return "ec-3"
        case "opus": return "opus"
        case "flac": return "flac"
        default: return codec
        }
    }

    /// `avc1.PPCCLL` from an avcC record or Annex B SPS.
    static func avc(_ data: [UInt8]) -> String? {
        let sps: ArraySlice<UInt8>
        if data.first == 1, data.count >= 4 {
            sps = data[1..<4]
        } else if let nal = annexBUnits(data).first(where: { ($0.first ?? 0) & 0x1F == 7 }), nal.count >= 4 {
            sps = nal.dropFirst().prefix(3)
        } else {
            return nil
        }
        return "avc1." + sps.map { hex2($0) }.joined()
    }

    /// `hvc1.<profile>.<compat>.<tier><level>.<constraints>` from an hvcC record or Annex B SPS.
    static func hevc(_ data: [UInt8]) -> String? {
        // profile_tier_level: 1 byte space/tier/profile, 4 bytes compatibility, 6 bytes constraints, 1 byte level.
        var ptl: [UInt8]
        if data.first == 1, data.count >= 13 {
            ptl = Array(data[1..<13])
        } else if let nal = annexBUnits(data).first(where: { (($0.first ?? 0) >> 1) & 0x3F == 33 }) {
            let rbsp = removeEmulationPrevention(Array(nal.dropFirst(2)))
            guard rbsp.count >= 13 else { return nil }
            ptl = Array(rbsp[1..<13])  // skip sps_video_parameter_set_id/max_sub_layers/nesting byte
        } else {
            return nil
        }
        let space = ptl[0] >> 6
        let tier = (ptl[0] >> 5) & 1
        let profile = ptl[0] & 0x1F
        var compat: UInt32 = 0
        for byte in ptl[1..<5] { compat = compat << 8 | UInt32(byte) }
        var reversed: UInt32 = 0
        for bit in 0..<32 where compat & (1 << bit) != 0 { reversed |= 1 << (31 - bit) }
        var constraints = Array(ptl[5..<11])
        while let last = constraints.last, last == 0 { constraints.removeLast() }
        let prefix = ["", "A", "B", "C"][Int(space)]
        var parts = [
            "hvc1", "\(prefix)\(profile)", String(reversed, radix: 16, uppercase: true),
            "\(tier == 1 ? "H" : "L")\(ptl[11])",
        ]
        parts += constraints.map { String($0, radix: 16, uppercase: true) }
        return parts.joined(separator: ".")
    }

    /// `mp4a.40.<audio object type>` from an AudioSpecificConfig.
    static func aac(_ data: [UInt8]) -> String {
        guard let first = data.first else { return "mp4a.40.2" }
        var objectType = Int(first >> 3)
        if objectType == 31, data.count >= 2 {
            objectType = 32 + Int((first & 0x07) << 3 | data[1] >> 5)
        }
        return "mp4a.40.\(objectType == 0 ? 2 : objectType)"
    }

    private static func hex2(_ byte: UInt8) -> String {
        let text = String(byte, radix: 16)
        return text.count == 1 ? "0" + text : text
    }

    /// Splits Annex B data at start codes into NAL units.
    static func annexBUnits(_ data: [UInt8]) -> [ArraySlice<UInt8>] {
        var units: [ArraySlice<UInt8>] = []
        var start: Int?
        var i = 0
        while i + 2 < data.count {
            if data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 {
                if let s = start { units.append(trimZeros(data[s..<i])) }
                i += 3
                start = i
            } else {
                i += 1
            }
        }
        if let s = start, s < data.count { units.append(data[s...]) }
        return units
    }

    private static func trimZeros(_ slice: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var end = slice.endIndex
        while end > slice.startIndex && slice[end - 1] == 0 { end -= 1 }
        return slice[slice.startIndex..<end]
    }

    private static func removeEmulationPrevention(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var zeros = 0
        for byte in bytes {
            if zeros >= 2 && byte == 3 {
                zeros = 0
                continue
            }
            zeros = byte == 0 ? zeros + 1 : 0
            out.append(byte)
        }
        return out
    }
}
