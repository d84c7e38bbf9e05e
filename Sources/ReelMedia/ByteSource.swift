/// Random-access bytes of a source, read through a custom AVIO context instead of a path.
///
/// Implementations serve local files, HTTP range requests, S3 objects and `data:` URIs. They are
/// used from one thread at a time (the demuxing thread).
public protocol ByteSource: AnyObject, Sendable {
    /// Total size in bytes, when known.
    var size: Int64? { get }

    /// Reads up to `buffer.count` bytes starting at `offset`.
    /// - Parameters:
    ///   - buffer: Where the bytes go.
    ///   - offset: Absolute byte offset in the source.
    /// - Returns: The number of bytes read; 0 only at the end of the source.
    /// - Throws: Whatever the transport reports; the demuxer rethrows it unchanged.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int

    /// Whether reading a range a second time costs next to nothing (a local file, most likely
    /// still in the page cache; bytes in memory) rather than another request. False by default.
    var rereadsCheaply: Bool { get }
}

extension ByteSource {
    public var rereadsCheaply: Bool { false }
}
