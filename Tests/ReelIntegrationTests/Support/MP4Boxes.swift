/// Reads and edits the boxes of an MP4 file (ISO/IEC 14496-12) down to the sample entries'
/// configuration boxes (`avcC`, `hvcC`, `dac3`, `dec3`, `esds`), for tests that check what a
/// package's init segments hold or make inputs the ffmpeg CLI cannot write.
enum MP4Boxes {
    /// Boxes that hold only boxes, and the bytes before their first child.
    private static let containers: [String: Int] = [
        "moov": 0, "trak": 0, "mdia": 0, "minf": 0, "stbl": 0, "mvex": 0, "edts": 0, "dinf": 0,
        "stsd": 8,
        // Visual sample entries: 78 bytes of fields; audio sample entries: 28.
        "avc1": 78, "avc3": 78, "hvc1": 78, "hev1": 78, "mp4a": 28, "ac-3": 28, "ec-3": 28,
    ]

    /// A box: where it starts, its payload and its end, and the boxes it lies in.
    struct Box {
        var type: String
        var start: Int
        var payload: Range<Int>
        var parents: [Int]
    }

    /// Every box of the file, depth first.
    static func boxes(in bytes: [UInt8]) -> [Box] {
        var found: [Box] = []
        func walk(_ from: Int, _ to: Int, _ parents: [Int]) {
            var offset = from
            while offset + 8 <= to {
                let size = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
                guard size >= 8, offset + size <= to else { return }
                let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
                found.append(Box(type: type, start: offset, payload: offset + 8..<offset + size, parents: parents))
                if let skip = containers[type] { walk(offset + 8 + skip, offset + size, parents + [offset]) }
                offset += size
            }
        }
        walk(0, bytes.count, [])
        return found
    }

    /// The payload of the first box of a type.
    static func payload(_ type: String, in bytes: [UInt8]) -> [UInt8]? {
        boxes(in: bytes).first { $0.type == type }.map { Array(bytes[$0.payload]) }
    }

    /// Whether a box of the type is in the file.
    static func contains(_ type: String, in bytes: [UInt8]) -> Bool {
        boxes(in: bytes).contains { $0.type == type }
    }

    /// The file with the first box of a type given another payload, the boxes around it resized.
    /// Only for files whose `moov` follows their `mdat` (as the ffmpeg CLI writes them), whose
    /// chunk offsets do not move.
    static func replacing(_ type: String, in bytes: [UInt8], with payload: [UInt8]) -> [UInt8]? {
        guard let box = boxes(in: bytes).first(where: { $0.type == type }) else { return nil }
        let delta = payload.count - box.payload.count
        var out = bytes
        out.replaceSubrange(
            box.start..<box.payload.upperBound, with: bigEndian(8 + payload.count) + Array(type.utf8) + payload)
        for parent in box.parents {
            let size = out[parent..<parent + 4].reduce(0) { $0 << 8 | Int($1) }
            out.replaceSubrange(parent..<parent + 4, with: bigEndian(size + delta))
        }
        return out
    }

    private static func bigEndian(_ value: Int) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }
}
