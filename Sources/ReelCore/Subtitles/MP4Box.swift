/// Builds ISO BMFF boxes as bytes (big-endian fields, sizes computed).
enum MP4Box {
    /// A box: 32-bit size, four-character type, payload.
    static func box(_ type: String, _ payload: [UInt8]...) -> [UInt8] {
        let body = payload.flatMap { $0 }
        return u32(UInt32(8 + body.count)) + Array(type.utf8) + body
    }

    /// A full box: a box whose payload starts with version and 24-bit flags.
    static func fullBox(_ type: String, version: UInt8 = 0, flags: UInt32 = 0, _ payload: [UInt8]...) -> [UInt8] {
        box(type, [version] + Array(u32(flags).dropFirst()), payload.flatMap { $0 })
    }

    static func u16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }

    static func u32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func u64(_ value: UInt64) -> [UInt8] { u32(UInt32(value >> 32)) + u32(UInt32(value & 0xFFFF_FFFF)) }

    static func zeros(_ count: Int) -> [UInt8] { [UInt8](repeating: 0, count: count) }

    /// The unity transformation matrix of `mvhd` and `tkhd`.
    static let unityMatrix: [UInt8] = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x4000_0000].flatMap { u32($0) }
}
