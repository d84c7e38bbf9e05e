/// One box of an ISO BMFF byte string (ISO/IEC 14496-12 §4.2) by position, and the few operations
/// Reel's surgery on FFmpeg's fMP4 output needs: list the boxes in a range, find one, build one,
/// grow one's size field.
///
/// Offsets are indices into the byte array the box was read from. A full box's version and flags
/// are the first four bytes of its payload.
///
/// ```swift
/// let top = try ISOBox.children(of: bytes, in: 0..<bytes.count, context: "init segment")
/// let moov = try ISOBox.required("moov", among: top, context: "init segment")
/// let traks = try ISOBox.children(of: bytes, in: moov.payload, context: "init segment")
///     .filter { $0.type == "trak" }
/// let pssh = ISOBox.makeFull("pssh", version: 0, flags: 0, payload)
/// ```
struct ISOBox: Equatable, Sendable {
    /// The box type (for `uuid` boxes, `uuid`; the extended type is skipped).
    let type: FourCC
    /// Where the box starts: its size field.
    let start: Int
    /// Where its payload starts: after size, type, a 64-bit size and a `uuid` extended type.
    let payloadStart: Int
    /// Where the box ends (exclusive).
    let end: Int

    var size: Int { end - start }
    var payload: Range<Int> { payloadStart..<end }

    /// The boxes laid end to end in `range` of `bytes`, which they must fill exactly (a size of 0,
    /// "to the end", is taken as the rest of the range).
    /// - Parameter context: Where the bytes come from, for error messages ("init segment", "fragment 3").
    /// - Throws: `EncryptionError` for a box shorter than its header or running past the range.
    static func children(of bytes: [UInt8], in range: Range<Int>, context: String) throws(EncryptionError)
        -> [ISOBox]
    {
        var boxes: [ISOBox] = []
        var offset = range.lowerBound
        while offset < range.upperBound {
            guard offset + 8 <= range.upperBound else {
                throw EncryptionError("\(context): \(range.upperBound - offset) stray bytes at \(offset)")
            }
            let type = FourCC(bytes.bigEndianUInt32(at: offset + 4))
            var size = Int(bytes.bigEndianUInt32(at: offset))
            var header = 8
            if size == 1 {
                guard offset + 16 <= range.upperBound else {
                    throw EncryptionError("\(context): box '\(type)' at \(offset) cut short")
                }
                let large = bytes.bigEndianUInt64(at: offset + 8)
                guard large <= UInt64(Int.max) else {
                    throw EncryptionError("\(context): box '\(type)' at \(offset) has size \(large)")
                }
                size = Int(large)
                header = 16
            } else if size == 0 {
                size = range.upperBound - offset
            }
            if type == "uuid" { header += 16 }
            guard size >= header, size <= range.upperBound - offset else {
                throw EncryptionError(
                    "\(context): box '\(type)' at \(offset) has size \(size), "
                        + "but \(range.upperBound - offset) bytes are left")
            }
            boxes.append(ISOBox(type: type, start: offset, payloadStart: offset + header, end: offset + size))
            offset += size
        }
        return boxes
    }

    /// The first box of a type among `boxes`.
    /// - Throws: `EncryptionError` "context: no 'type' box" when there is none.
    static func required(_ type: FourCC, among boxes: [ISOBox], context: String) throws(EncryptionError) -> ISOBox {
        guard let box = boxes.first(where: { $0.type == type }) else {
            throw EncryptionError("\(context): no \(type) box")
        }
        return box
    }

    /// Follows a path of box types from `range`, taking the first box of each type.
    /// - Throws: `EncryptionError` naming the missing box and its parent.
    static func path(_ types: [FourCC], in bytes: [UInt8], range: Range<Int>, context: String)
        throws(EncryptionError) -> ISOBox
    {
        var range = range
        var found: ISOBox?
        for type in types {
            let children = try children(of: bytes, in: range, context: context)
            guard let box = children.first(where: { $0.type == type }) else {
                throw EncryptionError("\(context): no \(type) box in \(found.map { "\($0.type)" } ?? "the file")")
            }
            found = box
            range = box.payload
        }
        guard let found else { throw EncryptionError("\(context): empty box path") }
        return found
    }

    /// A box: 32-bit size, type, payload.
    static func make(_ type: FourCC, _ payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + payload.count)
        bytes.appendBigEndian(UInt32(8 + payload.count))
        bytes.appendBigEndian(type.value)
        bytes += payload
        return bytes
    }

    /// A full box: a box whose payload starts with a version byte and 24 bits of flags.
    static func makeFull(_ type: FourCC, version: UInt8, flags: UInt32, _ payload: [UInt8]) -> [UInt8] {
        var body: [UInt8] = [version, UInt8(flags >> 16 & 0xFF), UInt8(flags >> 8 & 0xFF), UInt8(flags & 0xFF)]
        body += payload
        return make(type, body)
    }

    /// Adds `count` to the size field of this box in `bytes` (32- or 64-bit, as the box has it).
    /// - Throws: `EncryptionError` when a 32-bit size would overflow.
    func grow(in bytes: inout [UInt8], by count: Int, context: String) throws(EncryptionError) {
        if bytes.bigEndianUInt32(at: start) == 1 {
            bytes.setBigEndian(UInt64(size + count), at: start + 8)
        } else {
            guard size + count <= Int(UInt32.max) else {
                throw EncryptionError("\(context): box '\(type)' would exceed 4 GiB")
            }
            bytes.setBigEndian(UInt32(size + count), at: start)
        }
    }
}
