/// The edit list of a CMAF header (ISO/IEC 14496-12 §8.6.6, ISO/IEC 23000-19 §7.5.13): one edit that
/// starts the track's presentation at a media time, so that composition delay (B-frame reordering)
/// and encoder priming (AAC) lie before presentation time zero.
///
/// FFmpeg's mp4 muxer cannot write it for an `empty_moov` header (it has seen no packet yet), so the
/// edit is added to the header bytes it wrote: an `edts` box after the `tkhd` of every `trak`.
enum EditList {
    /// The init segment with an edit that maps `mediaTime` to presentation time zero in every track.
    /// - Parameters:
    ///   - mediaTime: The media time (in the track's timescale) where presentation starts; 0 leaves
    ///     the bytes as they are.
    ///   - initSegment: `ftyp` + `moov` without edit lists.
    /// - Returns: The init segment with `moov/trak/edts/elst`.
    /// - Throws: `MediaError` when the boxes are not as the muxer writes them.
    static func starting(at mediaTime: Int64, in initSegment: [UInt8]) throws -> [UInt8] {
        guard mediaTime != 0 else { return initSegment }
        var bytes = initSegment
        guard let moov = child("moov", in: bytes, from: 0, to: bytes.count) else {
            throw MediaError(.other, "edit list", "no moov box in the init segment")
        }
        let edit = editBox(mediaTime: mediaTime)
        var inserted = 0
        var cursor = moov.payload
        while let trak = child("trak", in: bytes, from: cursor, to: moov.end + inserted) {
            guard let tkhd = child("tkhd", in: bytes, from: trak.payload, to: trak.end),
                child("edts", in: bytes, from: trak.payload, to: trak.end) == nil
            else {
                throw MediaError(.other, "edit list", "a trak without tkhd, or with an edit list already")
            }
            bytes.insert(contentsOf: edit, at: tkhd.end)
            try grow(&bytes, boxAt: trak.start, by: edit.count)
            inserted += edit.count
            cursor = trak.end + edit.count
        }
        guard inserted > 0 else { throw MediaError(.other, "edit list", "no trak box in the init segment") }
        try grow(&bytes, boxAt: moov.start, by: inserted)
        return bytes
    }

    /// Whether the bytes hold a `moov` box among their top-level boxes.
    static func hasMovie(_ bytes: [UInt8]) -> Bool {
        child("moov", in: bytes, from: 0, to: bytes.count) != nil
    }

    /// `edts` holding an `elst` with one edit: the whole media from `mediaTime` at normal rate
    /// (`segment_duration` 0: a fragmented track's duration is not known in its header).
    static func editBox(mediaTime: Int64) -> [UInt8] {
        let wide = mediaTime > Int64(Int32.max) || mediaTime < Int64(Int32.min)
        var elst: [UInt8] = [wide ? 1 : 0, 0, 0, 0] + bigEndian(1, bytes: 4)
        let width = wide ? 8 : 4
        elst += bigEndian(0, bytes: width) + bigEndian(mediaTime, bytes: width)
        elst += bigEndian(1, bytes: 2) + bigEndian(0, bytes: 2)
        let elstBox = bigEndian(Int64(8 + elst.count), bytes: 4) + Array("elst".utf8) + elst
        return bigEndian(Int64(8 + elstBox.count), bytes: 4) + Array("edts".utf8) + elstBox
    }

    private struct Box {
        var start: Int
        var payload: Int
        var end: Int
    }

    /// The first box of a type among the boxes laid end to end in `from..<to`.
    private static func child(_ type: String, in bytes: [UInt8], from: Int, to: Int) -> Box? {
        var offset = from
        while offset + 8 <= to {
            var size = Int(readBigEndian(bytes, at: offset, bytes: 4))
            var header = 8
            if size == 1, offset + 16 <= to {
                size = Int(readBigEndian(bytes, at: offset + 8, bytes: 8))
                header = 16
            } else if size == 0 {
                size = to - offset
            }
            guard size >= header, offset + size <= to else { return nil }
            if String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self) == type {
                return Box(start: offset, payload: offset + header, end: offset + size)
            }
            offset += size
        }
        return nil
    }

    /// Adds `count` to the size field of the box starting at `offset`.
    private static func grow(_ bytes: inout [UInt8], boxAt offset: Int, by count: Int) throws {
        let size = readBigEndian(bytes, at: offset, bytes: 4)
        if size == 1 {
            let large = readBigEndian(bytes, at: offset + 8, bytes: 8) + Int64(count)
            bytes.replaceSubrange(offset + 8..<offset + 16, with: bigEndian(large, bytes: 8))
        } else {
            let grown = size + Int64(count)
            guard grown <= Int64(UInt32.max) else { throw MediaError(.other, "edit list", "box too large") }
            bytes.replaceSubrange(offset..<offset + 4, with: bigEndian(grown, bytes: 4))
        }
    }

    private static func readBigEndian(_ bytes: [UInt8], at offset: Int, bytes count: Int) -> Int64 {
        bytes[offset..<offset + count].reduce(0) { $0 << 8 | Int64($1) }
    }

    /// The low `count` bytes of `value`, most significant first (two's complement for negatives).
    private static func bigEndian(_ value: Int64, bytes count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}
