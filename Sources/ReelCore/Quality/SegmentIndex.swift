import Foundation

/// A `sidx` box (ISO/IEC 14496-12 §8.16.3) read from a file: where a single-file DASH
/// Representation's segments lie and how long each lasts.
struct SegmentIndex {
    /// One referenced segment.
    struct Reference {
        /// Bytes.
        var size: Int64
        /// Seconds.
        var seconds: Double
    }

    /// Where the first segment starts in the file.
    var firstOffset: Int64
    var segments: [Reference]

    /// Reads the `sidx` box at `offset` in a file.
    /// - Returns: The index, or nil when there is no `sidx` there.
    /// - Throws: `ReelError.invalidInput` when the file cannot be read.
    static func read(path: String, at offset: Int64) throws(ReelError) -> SegmentIndex? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .invalidInput(source: path, stream: nil, reason: "cannot open the file")
        }
        defer { try? handle.close() }
        let bytes: [UInt8]
        do {
            try handle.seek(toOffset: UInt64(offset))
            let header = [UInt8](try handle.read(upToCount: 8) ?? Data())
            guard header.count == 8, Array(header[4..<8]) == Array("sidx".utf8) else { return nil }
            let size = Int(header[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            guard size > 8, size < 64 << 20 else { return nil }
            bytes = header + [UInt8](try handle.read(upToCount: size - 8) ?? Data())
        } catch {
            throw .invalidInput(source: path, stream: nil, reason: "cannot read the segment index")
        }
        var position = 8
        func integer(_ count: Int) -> Int64? {
            guard position + count <= bytes.count else { return nil }
            defer { position += count }
            return bytes[position..<position + count].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        }
        guard let versionAndFlags = integer(4), integer(4) != nil, let timescale = integer(4), timescale > 0 else {
            return nil
        }
        let wide = versionAndFlags >> 24 == 1
        guard integer(wide ? 8 : 4) != nil, let firstOffset = integer(wide ? 8 : 4), integer(2) != nil,
            let count = integer(2)
        else { return nil }
        var segments: [Reference] = []
        for _ in 0..<count {
            guard let sizeField = integer(4), let duration = integer(4), integer(4) != nil else { return nil }
            // Top bit set: a reference to another sidx, not media (hierarchical indexes are not read).
            guard sizeField & 0x8000_0000 == 0 else { return nil }
            segments.append(Reference(size: sizeField, seconds: Double(duration) / Double(timescale)))
        }
        return SegmentIndex(firstOffset: offset + Int64(bytes.count) + firstOffset, segments: segments)
    }
}
