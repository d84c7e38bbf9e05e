/// The emulation prevention bytes of H.264 and HEVC NAL units (ITU-T H.264 7.4.1, H.265 7.4.2): inside a NAL
/// unit every `0x03` that follows two zero bytes was inserted by the encoder so that no start code appears, and
/// is not part of the payload (the RBSP). Headers are parsed in RBSP bits; encryption counts stored bytes.
enum EmulationPrevention {
    /// The RBSP of a NAL unit's first stored bytes.
    /// - Parameters:
    ///   - nal: The NAL unit as stored, header included, without its length field.
    ///   - limit: How many stored bytes to read at most.
    /// - Returns: Those bytes without their emulation prevention bytes.
    static func rbsp(of nal: ArraySlice<UInt8>, limit: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(min(limit, nal.count))
        var zeros = 0
        for byte in nal.prefix(limit) {
            if zeros >= 2 && byte == 3 {
                zeros = 0
                continue
            }
            out.append(byte)
            zeros = byte == 0 ? zeros + 1 : 0
        }
        return out
    }

    /// How many stored bytes hold a NAL unit's first RBSP bytes.
    /// - Parameters:
    ///   - count: A number of RBSP bytes.
    ///   - nal: The NAL unit as stored, header included, without its length field.
    /// - Returns: The stored byte count up to and including the stored byte of the last of those RBSP bytes
    ///   (emulation prevention bytes among them counted), at most the unit's size.
    static func storedCount(ofRBSPBytes count: Int, in nal: ArraySlice<UInt8>) -> Int {
        guard count > 0 else { return 0 }
        var zeros = 0
        var payload = 0
        var stored = 0
        for byte in nal {
            stored += 1
            if zeros >= 2 && byte == 3 {
                zeros = 0
                continue
            }
            payload += 1
            if payload == count { return stored }
            zeros = byte == 0 ? zeros + 1 : 0
        }
        return stored
    }
}
