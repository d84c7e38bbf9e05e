import ReelMedia

/// One stream made of pieces of local files read end to end: a rendition's init segment and
/// media segments (whole files or byte ranges), which together are one fragmented MP4 or one
/// MPEG-TS stream for the demuxer. Nothing is copied.
final class SegmentFilesByteSource: ByteSource, @unchecked Sendable {
    /// A piece: part of a file.
    struct Piece: Equatable {
        /// The file's path.
        var path: String
        /// The first byte.
        var offset: Int64
        /// Bytes, or nil for the rest of the file.
        var length: Int64?
    }

    private struct Open {
        var file: FileByteSource
        var offset: Int64
        var length: Int64
        /// Where the piece starts in the stream.
        var start: Int64
    }

    private let pieces: [Open]
    let size: Int64?

    /// Opens every file.
    /// - Parameter pieces: The pieces in stream order.
    /// - Throws: `ReelError.invalidInput` naming a file that cannot be opened or is too short.
    init(pieces: [Piece]) throws(ReelError) {
        var files: [String: FileByteSource] = [:]
        var open: [Open] = []
        var position: Int64 = 0
        for piece in pieces {
            let file: FileByteSource
            if let known = files[piece.path] {
                file = known
            } else {
                file = try FileByteSource(path: piece.path, name: piece.path)
                files[piece.path] = file
            }
            let available = (file.size ?? 0) - piece.offset
            let length = piece.length ?? available
            guard length >= 0, length <= available else {
                throw .invalidInput(
                    source: piece.path, stream: nil,
                    reason: "the manifest names bytes \(piece.offset)…\(piece.offset + length - 1), "
                        + "beyond its \(file.size ?? 0) bytes")
            }
            open.append(Open(file: file, offset: piece.offset, length: length, start: position))
            position += length
        }
        self.pieces = open
        size = position
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        // The last piece that starts at or before the offset.
        var low = 0
        var high = pieces.count - 1
        guard high >= 0, offset < (size ?? 0) else { return 0 }
        while low < high {
            let middle = (low + high + 1) / 2
            if pieces[middle].start <= offset { low = middle } else { high = middle - 1 }
        }
        let piece = pieces[low]
        let within = offset - piece.start
        let count = Int(min(Int64(buffer.count), piece.length - within))
        guard count > 0 else { return 0 }
        return try piece.file.read(
            into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]), at: piece.offset + within)
    }
}
