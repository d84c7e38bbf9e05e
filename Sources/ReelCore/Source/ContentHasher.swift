import Crypto
import Foundation
import ReelMedia

/// Computes the content id (SHA-256 of the source bytes) while the demuxer reads them.
///
/// Bytes are hashed as the contiguous prefix grows. Reads ahead of the prefix (an MP4 index at
/// the end) are hashed when the prefix reaches them: a remote source's are kept in memory up to a
/// limit, so it is never asked for a byte twice; a local file's (any source that `rereadsCheaply`)
/// are only noted and read again then, so memory does not grow with the index of a long file. A
/// source read to its end thus needs no second pass; `finish` reads only what was never read,
/// once, without copying anything to disk. The hashing itself runs on a thread of its own
/// (`BackgroundSHA256`), so the demuxer does not wait for it.
final class ContentHasher: ByteSource, @unchecked Sendable {
    private let base: any ByteSource
    private let digest = BackgroundSHA256()
    /// Bytes hashed so far (the contiguous prefix, handed to the hashing thread).
    private(set) var hashedBytes: Int64 = 0
    /// Bytes `finish` had to read itself because the demuxer never did.
    private(set) var remainderBytesRead: Int64 = 0
    /// Bytes read ahead of the prefix that were read again when the prefix reached them.
    private(set) var rereadBytes: Int64 = 0
    private var pending: [Int64: [UInt8]] = [:]
    private var pendingBytes = 0
    private let pendingLimit: Int
    /// Ranges read ahead of the prefix and not kept (a source that rereads cheaply), by start.
    private var skipped: [Range<Int64>] = []
    private var result: String?

    /// - Parameters:
    ///   - base: The source's bytes.
    ///   - pendingLimit: Bytes of out-of-order reads kept for hashing later; none are kept from a
    ///     source that `rereadsCheaply`.
    init(wrapping base: any ByteSource, pendingLimit: Int = 32 << 20) {
        self.base = base
        self.pendingLimit = base.rereadsCheaply ? 0 : pendingLimit
    }

    deinit {
        if result == nil { digest.abandon() }
    }

    var size: Int64? { base.size }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        let n = try base.read(into: buffer, at: offset)
        if n > 0 && result == nil { absorb(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), at: offset) }
        return n
    }

    /// Hashes the unread remainder (if any) and returns the content id.
    /// - Parameter source: The source's name, for error messages.
    /// - Returns: Lowercase hex SHA-256 of every byte of the source.
    /// - Throws: `ReelError` when the remainder cannot be read.
    func finish(source: String) throws(ReelError) -> String {
        if let result { return result }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            if let size, hashedBytes >= size { break }
            let offset = hashedBytes
            let n: Int
            do {
                n = try chunk.withUnsafeMutableBytes { try base.read(into: $0, at: offset) }
            } catch {
                throw ReelError.classify(error, source: source)
            }
            if n == 0 { break }
            remainderBytesRead += Int64(n)
            chunk.withUnsafeBytes { absorb(UnsafeRawBufferPointer(rebasing: $0[0..<n]), at: offset) }
        }
        let hex = digest.finalize().map { String(format: "%02x", $0) }.joined()
        result = hex
        pending.removeAll()
        skipped.removeAll()
        return hex
    }

    private func absorb(_ bytes: UnsafeRawBufferPointer, at offset: Int64) {
        let end = offset + Int64(bytes.count)
        if offset <= hashedBytes {
            guard end > hashedBytes else { return }
            digest.update(UnsafeRawBufferPointer(rebasing: bytes[Int(hashedBytes - offset)...]))
            hashedBytes = end
            drainPending()
            if !skipped.isEmpty { rereadSkipped() }
        } else if base.rereadsCheaply {
            skipped.append(offset..<end)
        } else if pendingBytes + bytes.count <= pendingLimit, (pending[offset]?.count ?? -1) < bytes.count {
            pendingBytes += bytes.count - (pending[offset]?.count ?? 0)
            pending[offset] = Array(bytes)
        }
    }

    /// Reads again, and hashes, the ranges read ahead that the prefix has reached. A failed read
    /// stops here; `finish` reads the rest and reports it.
    private func rereadSkipped() {
        var chunk: [UInt8] = []
        while let index = skipped.firstIndex(where: { $0.lowerBound <= hashedBytes }) {
            let range = skipped.remove(at: index)
            while hashedBytes < range.upperBound {
                let offset = hashedBytes
                let wanted = Int(min(range.upperBound - offset, 1 << 20))
                if chunk.count < wanted { chunk = [UInt8](repeating: 0, count: wanted) }
                guard
                    let n = try? chunk.withUnsafeMutableBytes({
                        try base.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<wanted]), at: offset)
                    }), n > 0
                else { return }
                chunk.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
                hashedBytes += Int64(n)
                rereadBytes += Int64(n)
            }
        }
    }

    private func drainPending() {
        var progressed = true
        while progressed && !pending.isEmpty {
            progressed = false
            for (start, chunk) in pending where start <= hashedBytes {
                pending[start] = nil
                pendingBytes -= chunk.count
                let end = start + Int64(chunk.count)
                if end > hashedBytes {
                    chunk.withUnsafeBytes {
                        digest.update(UnsafeRawBufferPointer(rebasing: $0[Int(hashedBytes - start)...]))
                    }
                    hashedBytes = end
                    progressed = true
                }
            }
        }
    }
}
