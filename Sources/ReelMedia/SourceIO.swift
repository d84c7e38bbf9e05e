import CFFmpeg
import Glibc

/// A read-and-seek custom AVIO context over a `ByteSource`, so libavformat reads exactly the byte
/// ranges it needs (an MP4 index at the end costs one ranged read, not a second download).
final class SourceIO {
    let context: UnsafeMutablePointer<AVIOContext>
    let source: any ByteSource
    /// The current read position.
    private(set) var position: Int64 = 0
    /// The first error the source threw; the demuxer rethrows it instead of FFmpeg's EIO.
    private(set) var failure: (any Error)?

    init(source: any ByteSource, bufferSize: Int = 256 * 1024) throws {
        self.source = source
        guard let buffer = av_malloc(bufferSize) else { throw MediaError(.other, "source I/O", "out of memory") }
        guard
            let ctx = avio_alloc_context(
                buffer.assumingMemoryBound(to: UInt8.self), Int32(bufferSize), 0, nil, sourceRead, nil, sourceSeek)
        else {
            av_free(buffer)
            throw MediaError(.other, "source I/O", "out of memory")
        }
        context = ctx
        context.pointee.opaque = Unmanaged.passUnretained(self).toOpaque()
        // Without a known size libavformat cannot seek relative to the end; say so.
        if source.size == nil { context.pointee.seekable = 0 }
    }

    deinit {
        av_freep(&context.pointee.buffer)
        var p: UnsafeMutablePointer<AVIOContext>? = context
        avio_context_free(&p)
    }

    func read(_ data: UnsafeMutablePointer<UInt8>, count: Int) -> Int32 {
        do {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(start: data, count: count), at: position)
            if n <= 0 { return reel_averror_eof() }
            position += Int64(n)
            return Int32(n)
        } catch {
            if failure == nil { failure = error }
            return reel_averror(EIO)
        }
    }

    func seek(_ offset: Int64, whence: Int32) -> Int64 {
        if whence & Int32(AVSEEK_SIZE) != 0 {
            return source.size ?? Int64(reel_averror(ENOSYS))
        }
        let target: Int64
        switch whence & ~Int32(AVSEEK_FORCE) {
        case SEEK_SET: target = offset
        case SEEK_CUR: target = position + offset
        case SEEK_END:
            guard let size = source.size else { return Int64(reel_averror(ENOSYS)) }
            target = size + offset
        default: return Int64(reel_averror(EINVAL))
        }
        guard target >= 0 else { return Int64(reel_averror(EINVAL)) }
        position = target
        return target
    }
}

private let sourceRead: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int32) -> Int32 = {
    opaque, data, size in
    guard let opaque, let data, size > 0 else { return reel_averror_eof() }
    return Unmanaged<SourceIO>.fromOpaque(opaque).takeUnretainedValue().read(data, count: Int(size))
}

private let sourceSeek: @convention(c) (UnsafeMutableRawPointer?, Int64, Int32) -> Int64 = { opaque, offset, whence in
    guard let opaque else { return -1 }
    return Unmanaged<SourceIO>.fromOpaque(opaque).takeUnretainedValue().seek(offset, whence: whence)
}
