/// Reads the syntax elements of one NAL unit's RBSP (ITU-T H.264 and H.265 7.2 descriptors `u(n)`, `ue(v)`,
/// `se(v)`), throwing `SliceHeaderError`s that name the unit and the element.
struct SyntaxReader {
    private var reader: BitReader
    /// The structure being read, for messages, e.g. `H.264 SPS`.
    let unit: String

    /// - Parameters:
    ///   - rbsp: The NAL unit's RBSP (no emulation prevention bytes), its NAL header included.
    ///   - unit: The structure being read, for messages.
    init(_ rbsp: [UInt8], unit: String) {
        reader = BitReader(rbsp)
        self.unit = unit
    }

    /// The position in bits from the start of the NAL unit.
    var position: Int { reader.position }

    /// Bits left to read.
    var remaining: Int { reader.remaining }

    /// Whether the position is on a byte boundary.
    var isByteAligned: Bool { reader.position % 8 == 0 }

    /// Reads a one-bit flag, `u(1)`.
    mutating func flag() throws(SliceHeaderError) -> Bool {
        do { return try reader.bit() } catch { throw ended() }
    }

    /// Reads `count` bits (0 to 32) as an unsigned number, `u(n)`.
    mutating func bits(_ count: Int) throws(SliceHeaderError) -> Int {
        do { return Int(try reader.bits(count)) } catch { throw ended() }
    }

    /// Skips `count` bits.
    mutating func skip(_ count: Int) throws(SliceHeaderError) {
        do { try reader.skip(count) } catch { throw ended() }
    }

    /// Reads an unsigned Exp-Golomb code, `ue(v)`, that the standard bounds.
    /// - Parameters:
    ///   - name: The element's name, for messages.
    ///   - max: The largest value the standard allows.
    mutating func ue(_ name: String, max: Int = Int(UInt32.max)) throws(SliceHeaderError) -> Int {
        let value: Int
        do { value = Int(try reader.unsignedGolomb()) } catch { throw ended() }
        guard value <= max else { throw invalid(name, value) }
        return value
    }

    /// Reads a signed Exp-Golomb code, `se(v)`, that the standard bounds.
    /// - Parameters:
    ///   - name: The element's name, for messages.
    ///   - range: The values the standard allows.
    mutating func se(_ name: String, in range: ClosedRange<Int> = Int(Int32.min)...Int(Int32.max))
        throws(SliceHeaderError) -> Int
    {
        let value: Int
        do { value = Int(try reader.signedGolomb()) } catch { throw ended() }
        guard range.contains(value) else { throw invalid(name, value) }
        return value
    }

    /// The error for a value the standard does not allow.
    func invalid(_ name: String, _ value: Int) -> SliceHeaderError {
        SliceHeaderError(.invalidValue, "\(unit): \(name) = \(value) is not allowed")
    }

    /// The error for a read past the end.
    private func ended() -> SliceHeaderError {
        SliceHeaderError(.truncated, "\(unit) is cut short (ends after \(reader.position) bits)")
    }
}
