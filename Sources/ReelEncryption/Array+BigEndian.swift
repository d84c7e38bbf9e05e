/// Big-endian fields of ISO BMFF boxes, read from and appended to byte arrays.
///
/// Reads trap when out of bounds: callers check box sizes first (`ISOBox.children`), so a read past
/// the end is a bug in Reel, not damaged input.
///
/// ```swift
/// var bytes: [UInt8] = []
/// bytes.appendBigEndian(UInt32(0x10000))
/// bytes.bigEndianUInt32(at: 0)  // 0x10000
/// ```
extension Array where Element == UInt8 {
    func bigEndianUInt16(at offset: Int) -> UInt16 {
        UInt16(self[offset]) << 8 | UInt16(self[offset + 1])
    }

    func bigEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16 | UInt32(self[offset + 2]) << 8
            | UInt32(self[offset + 3])
    }

    func bigEndianUInt64(at offset: Int) -> UInt64 {
        UInt64(bigEndianUInt32(at: offset)) << 32 | UInt64(bigEndianUInt32(at: offset + 4))
    }

    /// Overwrites four bytes at `offset`.
    mutating func setBigEndian(_ value: UInt32, at offset: Int) {
        self[offset] = UInt8(value >> 24)
        self[offset + 1] = UInt8(value >> 16 & 0xFF)
        self[offset + 2] = UInt8(value >> 8 & 0xFF)
        self[offset + 3] = UInt8(value & 0xFF)
    }

    /// Overwrites eight bytes at `offset`.
    mutating func setBigEndian(_ value: UInt64, at offset: Int) {
        setBigEndian(UInt32(value >> 32), at: offset)
        setBigEndian(UInt32(value & 0xFFFF_FFFF), at: offset + 4)
    }

    mutating func appendBigEndian(_ value: UInt16) {
        append(UInt8(value >> 8))
        append(UInt8(value & 0xFF))
    }

    mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(value >> 24))
        append(UInt8(value >> 16 & 0xFF))
        append(UInt8(value >> 8 & 0xFF))
        append(UInt8(value & 0xFF))
    }

    mutating func appendBigEndian(_ value: UInt64) {
        appendBigEndian(UInt32(value >> 32))
        appendBigEndian(UInt32(value & 0xFFFF_FFFF))
    }
}
