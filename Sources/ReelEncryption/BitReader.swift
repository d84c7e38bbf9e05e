/// Reads a bitstream most significant bit first, with the Exp-Golomb codes of H.264 and HEVC
/// headers. Reading past the end throws instead of trapping, as damaged streams do that.
struct BitReader {
    /// A read ran past the end of the bytes.
    struct EndOfData: Error {}

    private let bytes: [UInt8]
    /// The position in bits from the start.
    private(set) var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Bits left to read.
    var remaining: Int { bytes.count * 8 - position }

    /// Reads one bit.
    mutating func bit() throws(EndOfData) -> Bool {
        guard position < bytes.count * 8 else { throw EndOfData() }
        let value = bytes[position >> 3] >> (7 - UInt8(position & 7)) & 1
        position += 1
        return value == 1
    }

    /// Reads `count` bits (at most 64) as an unsigned number.
    mutating func bits(_ count: Int) throws(EndOfData) -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<count { value = value << 1 | (try bit() ? 1 : 0) }
        return value
    }

    /// Skips `count` bits.
    mutating func skip(_ count: Int) throws(EndOfData) {
        guard position + count <= bytes.count * 8 else { throw EndOfData() }
        position += count
    }

    /// Reads an unsigned Exp-Golomb code, `ue(v)`.
    mutating func unsignedGolomb() throws(EndOfData) -> UInt64 {
        var zeros = 0
        while try !bit() {
            zeros += 1
            guard zeros < 32 else { throw EndOfData() }
        }
        return (UInt64(1) << zeros) - 1 + (try bits(zeros))
    }

    /// Reads a signed Exp-Golomb code, `se(v)`.
    mutating func signedGolomb() throws(EndOfData) -> Int64 {
        let code = try unsignedGolomb()
        return code & 1 == 1 ? Int64((code + 1) / 2) : -Int64(code / 2)
    }
}
