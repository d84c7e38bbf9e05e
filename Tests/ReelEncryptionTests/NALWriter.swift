/// Writes the syntax elements of a NAL unit (ITU-T H.264 and H.265 `u(n)`, `ue(v)`, `se(v)`), for streams built
/// by hand to reach the header features encoders do not use.
struct NALWriter {
    private(set) var bits: [Bool] = []

    /// Starts a unit with its NAL header.
    init(header: [UInt8]) {
        for byte in header { u(8, Int(byte)) }
    }

    /// The position in bits from the start of the unit.
    var position: Int { bits.count }

    mutating func u(_ count: Int, _ value: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append(value >> shift & 1 == 1) }
    }

    mutating func flag(_ value: Bool) {
        bits.append(value)
    }

    mutating func ue(_ value: Int) {
        let code = value + 1
        var width = 0
        while code >> (width + 1) != 0 { width += 1 }
        u(width, 0)
        u(width + 1, code)
    }

    mutating func se(_ value: Int) {
        ue(value > 0 ? 2 * value - 1 : -2 * value)
    }

    /// Appends ones up to the next byte boundary (H.264 `cabac_alignment_one_bit`).
    mutating func alignWithOnes() {
        while bits.count % 8 != 0 { bits.append(true) }
    }

    /// Appends H.265 `byte_alignment()`: a one, then zeros to the byte boundary.
    mutating func byteAlignment() {
        bits.append(true)
        while bits.count % 8 != 0 { bits.append(false) }
    }

    /// The unit as stored: the RBSP with `rbsp_trailing_bits()` (or, for a slice, some slice data bytes before
    /// them) and emulation prevention bytes.
    /// - Parameter sliceData: Bytes of slice data to append after the header (byte aligned first with zeros).
    func unit(sliceData: [UInt8] = []) -> [UInt8] {
        var all = bits
        if !sliceData.isEmpty {
            while all.count % 8 != 0 { all.append(false) }
            for byte in sliceData { for shift in (0..<8).reversed() { all.append(byte >> shift & 1 == 1) } }
        }
        all.append(true)  // rbsp_stop_one_bit
        while all.count % 8 != 0 { all.append(false) }
        var rbsp: [UInt8] = []
        for start in stride(from: 0, to: all.count, by: 8) {
            rbsp.append(all[start..<(start + 8)].reduce(0) { $0 << 1 | ($1 ? 1 : 0) })
        }
        var stored: [UInt8] = []
        var zeros = 0
        for byte in rbsp {
            if zeros >= 2 && byte <= 3 {
                stored.append(3)
                zeros = 0
            }
            stored.append(byte)
            zeros = byte == 0 ? zeros + 1 : 0
        }
        return stored
    }
}
