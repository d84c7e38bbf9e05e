import CFFmpeg

/// A write-only custom AVIO context that collects what a muxer writes into memory, so each
/// segment can be handed to the output as soon as the muxer finishes it.
final class MemoryIO {
    private(set) var bytes: [UInt8] = []
    let context: UnsafeMutablePointer<AVIOContext>

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
    }

    func append(_ data: UnsafeMutablePointer<UInt8>, count: Int) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: count))
    }

    /// Flushes the AVIO buffer and returns how many bytes are held since the last `take()`.
    func flushedCount() -> Int {
        avio_flush(context)
        return bytes.count
    }

    /// Flushes the AVIO buffer and returns everything written since the last call.
    func take() -> [UInt8] {
        avio_flush(context)
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }
}

private let memoryWrite: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int32) -> Int32 = {
    opaque, data, size in
    guard let opaque, let data, size > 0 else { return size }
    Unmanaged<MemoryIO>.fromOpaque(opaque).takeUnretainedValue().append(data, count: Int(size))
    return size
}
