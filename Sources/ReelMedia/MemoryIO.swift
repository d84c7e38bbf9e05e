import CFFmpeg
import Foundation
import Glibc

/// A write-only custom AVIO context that collects what a muxer writes into memory, so each
/// segment can be handed to the output as soon as the muxer finishes it.
///
/// A segment's bytes are collected in one buffer, handed on as `Data` without a copy (`take()`),
/// and the buffer comes back to the muxer's `BufferPool` when that `Data` is released (after the
/// output wrote it, on whichever thread): a long run reuses a few buffers, warm, instead of
/// allocating megabytes per segment. A buffer starts with room for a segment as large as the
/// last, so it is seldom regrown as it fills. Buffers are mappings of their own, outside the
/// malloc heap (megabyte blocks allocated on one thread and freed on another fragment it
/// without bound), and start on a page boundary, so an output may hand them to the disk
/// directly (`O_DIRECT`).
final class MemoryIO {
    let context: UnsafeMutablePointer<AVIOContext>
    private let pool = BufferPool()
    private var buffer: UnsafeMutableRawPointer?
    private var capacity = 0
    private var count = 0

    init() throws {
        let size: Int32 = 64 * 1024
        guard let buffer = av_malloc(Int(size)) else { throw MediaError(.other, "muxer", "out of memory") }
        context = avio_alloc_context(
            buffer.assumingMemoryBound(to: UInt8.self), size, 1, nil, nil, memoryWrite, nil)
        // The opaque pointer is set after init so it can point at self.
        context.pointee.opaque = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        av_freep(&context.pointee.buffer)
        var p: UnsafeMutablePointer<AVIOContext>? = context
        avio_context_free(&p)
        if let buffer { pool.recycle(buffer, capacity: capacity) }
    }

    /// Whether `avio_write` hands its bytes over at once (after flushing the buffer) instead of
    /// copying them through the 64 KiB AVIO buffer; single bytes and words still go through it.
    ///
    /// Only for writers that never seek back over such a write to patch a size: a seek back
    /// within the buffer fails once it was flushed. FFmpeg's fMP4 fragments qualify (the `moof`
    /// is complete before the `mdat` payload is written in one piece); its `moov` header and
    /// MPEG-TS (188 bytes at a time) do not.
    var passesWritesThrough: Bool {
        get { context.pointee.direct != 0 }
        set { context.pointee.direct = newValue ? 1 : 0 }
    }

    func append(_ data: UnsafeMutablePointer<UInt8>, count added: Int) {
        if count + added > capacity {
            // Not realloc: the buffer stays page-aligned.
            let grown = BufferPool.roundedCapacity(max(count + added, capacity + capacity / 2))
            let moved = BufferPool.allocate(grown)
            if let buffer {
                moved.copyMemory(from: buffer, byteCount: count)
                BufferPool.release(buffer, capacity: capacity)
            }
            buffer = moved
            capacity = grown
        }
        (buffer! + count).copyMemory(from: data, byteCount: added)
        count += added
    }

    /// Flushes the AVIO buffer and returns how many bytes are held since the last `take()`.
    func flushedCount() -> Int {
        avio_flush(context)
        return count
    }

    /// Flushes the AVIO buffer and returns everything written since the last call: the buffer
    /// itself, which goes back to the pool when the returned `Data` is released.
    func take() -> Data {
        avio_flush(context)
        guard let full = buffer, count > 0 else { return Data() }
        let (pool, size) = (pool, capacity)
        let taken = Data(
            bytesNoCopy: full, count: count, deallocator: .custom { bytes, _ in pool.recycle(bytes, capacity: size) })
        (buffer, capacity) = pool.take(minimumCapacity: count)
        count = 0
        return taken
    }
}

/// Spare segment buffers of one muxer. Buffers come back from any thread (the output's writer
/// releasing a segment); a few are kept for the next segments, the rest freed.
final class BufferPool: @unchecked Sendable {
    // @unchecked Sendable: `spare` is guarded by `lock`.
    private let lock = NSLock()
    private var spare: [(buffer: UnsafeMutableRawPointer, capacity: Int)] = []
    /// Spare buffers kept at most.
    private let keep: Int

    init(keep: Int = 2) {
        self.keep = keep
    }

    deinit {
        for (buffer, capacity) in spare { Self.release(buffer, capacity: capacity) }
    }

    /// A buffer of at least `minimumCapacity` bytes: the largest spare one if it is large
    /// enough, otherwise a new one with some room to spare.
    func take(minimumCapacity: Int) -> (UnsafeMutableRawPointer, Int) {
        let reused = lock.withLock { spare.popLast() }
        if let (buffer, capacity) = reused {
            if capacity >= minimumCapacity { return (buffer, capacity) }
            Self.release(buffer, capacity: capacity)
        }
        let capacity = Self.roundedCapacity(minimumCapacity + minimumCapacity / 4)
        return (Self.allocate(capacity), capacity)
    }

    /// A new buffer: a private anonymous mapping, page-aligned (`capacity` is a whole number of
    /// pages, as `roundedCapacity` makes it).
    static func allocate(_ capacity: Int) -> UnsafeMutableRawPointer {
        let buffer = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let buffer, buffer != MAP_FAILED else { fatalError("out of memory (\(capacity) bytes)") }
        return buffer
    }

    /// Unmaps a buffer `allocate` made.
    static func release(_ buffer: UnsafeMutableRawPointer, capacity: Int) {
        munmap(buffer, capacity)
    }

    /// Capacities in whole steps (64 KiB up to 1 MiB, then 1 MiB), so that buffers of segments of
    /// about the same size have the same size and the heap reuses their room.
    static func roundedCapacity(_ bytes: Int) -> Int {
        let step = bytes < 1 << 20 ? 64 << 10 : 1 << 20
        return (max(bytes, 1) + step - 1) / step * step
    }

    /// Takes a buffer back.
    func recycle(_ buffer: UnsafeMutableRawPointer, capacity: Int) {
        let kept = lock.withLock {
            guard spare.count < keep else { return false }
            // Largest last, so `take` reuses it first.
            spare.append((buffer, capacity))
            spare.sort { $0.capacity < $1.capacity }
            return true
        }
        if !kept { Self.release(buffer, capacity: capacity) }
    }
}

private let memoryWrite: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int32) -> Int32 = {
    opaque, data, size in
    guard let opaque, let data, size > 0 else { return size }
    Unmanaged<MemoryIO>.fromOpaque(opaque).takeUnretainedValue().append(data, count: Int(size))
    return size
}
