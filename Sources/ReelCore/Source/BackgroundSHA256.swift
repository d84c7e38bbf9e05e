import Crypto
import Foundation

/// SHA-256 of a stream of bytes, computed on a thread of its own: `update` copies the bytes into
/// one of a few chunk buffers and returns, and the thread hashes the full chunks in order. Copying
/// costs a small fraction of hashing, so the thread that reads (and demuxes) goes on at once.
///
/// Used from one thread (`update`, then `finalize` once, or `abandon`). The hashing thread starts
/// with the first full chunk, so a stream shorter than one chunk is hashed on the calling thread.
final class BackgroundSHA256: @unchecked Sendable {
    // @unchecked Sendable: `chunkSize` and `condition` are immutable; `current`, `filled` and
    // `started` belong to the caller's thread; `digest` belongs to the hashing thread while it
    // runs, then to the caller; the rest is guarded by `condition`.

    private let chunkSize: Int
    private let condition = NSCondition()
    /// Empty chunk buffers; `update` waits for one when all are full.
    private var spare: [[UInt8]]
    /// Full chunks (buffer and byte count) waiting to be hashed, oldest first.
    private var full: [([UInt8], Int)] = []
    private var ended = false
    private var running = false
    /// The chunk being filled and how much of it is.
    private var current: [UInt8] = []
    private var filled = 0
    private var started = false
    private var digest = SHA256()

    /// - Parameters:
    ///   - chunkSize: Bytes hashed at a time.
    ///   - chunks: Chunk buffers: how far copying may run ahead of hashing.
    init(chunkSize: Int = 256 << 10, chunks: Int = 4) {
        precondition(chunkSize > 0 && chunks > 1)
        self.chunkSize = chunkSize
        spare = []
        spare.reserveCapacity(chunks)
        for _ in 0..<chunks { spare.append([UInt8](repeating: 0, count: chunkSize)) }
    }

    /// Ends a stream that will not be finalized: the hashing thread drops what it has not hashed
    /// and ends. The owner calls it when it goes away.
    func abandon() {
        condition.lock()
        ended = true
        full.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Adds bytes to the stream.
    func update(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            if current.isEmpty {
                current = takeSpare()
                filled = 0
            }
            let n = min(bytes.count - offset, chunkSize - filled)
            current.withUnsafeMutableBytes { chunk in
                chunk.baseAddress!.advanced(by: filled).copyMemory(from: bytes.baseAddress! + offset, byteCount: n)
            }
            filled += n
            offset += n
            if filled == chunkSize { post() }
        }
    }

    /// Waits for every chunk to be hashed and returns the digest of the whole stream.
    func finalize() -> SHA256.Digest {
        if started {
            if filled > 0 { post() }
            condition.lock()
            ended = true
            condition.broadcast()
            while running { condition.wait() }
            condition.unlock()
        } else if filled > 0 {
            current.withUnsafeBytes { digest.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<filled])) }
        }
        current = []
        filled = 0
        condition.withLock { spare.removeAll() }
        return digest.finalize()
    }

    /// Hands the current chunk to the hashing thread, starting it the first time.
    private func post() {
        let chunk = current
        current = []
        condition.lock()
        full.append((chunk, filled))
        if !started {
            started = true
            running = true
            startThread("reel.sha256", stackSize: 256 << 10) { [self] in hashChunks() }
        }
        condition.broadcast()
        condition.unlock()
        filled = 0
    }

    private func takeSpare() -> [UInt8] {
        condition.lock()
        defer { condition.unlock() }
        while spare.isEmpty { condition.wait() }
        return spare.removeLast()
    }

    private func hashChunks() {
        while true {
            condition.lock()
            while full.isEmpty && !ended { condition.wait() }
            guard !full.isEmpty else {
                running = false
                condition.broadcast()
                condition.unlock()
                return
            }
            let (chunk, count) = full.removeFirst()
            condition.unlock()
            chunk.withUnsafeBytes { digest.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            condition.lock()
            spare.append(chunk)
            condition.broadcast()
            condition.unlock()
        }
    }
}
