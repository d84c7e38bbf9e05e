import Foundation
import ReelMedia

/// A remote source read in chunks with range requests, keeping the last chunk so libavformat's
/// small sequential reads cost one request per chunk.
final class RangeByteSource: ByteSource, @unchecked Sendable {
    private let fetch: (Int64, Int) throws(ReelError) -> (data: Data, totalSize: Int64?)
    private let chunkSize: Int
    private var cached: (offset: Int64, data: Data)?
    private(set) var size: Int64?
    /// Range requests made so far.
    private(set) var requests = 0

    /// - Parameters:
    ///   - chunkSize: Bytes per request.
    ///   - fetch: Reads `length` bytes at an offset and reports the total size when known.
    /// - Throws: `ReelError` when the first request (which learns the size) fails.
    init(chunkSize: Int, fetch: @escaping (Int64, Int) throws(ReelError) -> (data: Data, totalSize: Int64?))
        throws(ReelError)
    {
        self.fetch = fetch
        self.chunkSize = max(chunkSize, 64 * 1024)
        try load(at: 0)
    }

    private func load(at offset: Int64) throws(ReelError) {
        let result = try fetch(offset, chunkSize)
        requests += 1
        if let total = result.totalSize { size = total }
        cached = (offset, result.data)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        if let size, offset >= size { return 0 }
        if let c = cached, offset >= c.offset, offset < c.offset + Int64(c.data.count) {
            return copy(c, into: buffer, at: offset)
        }
        try load(at: offset)
        guard let c = cached, !c.data.isEmpty else { return 0 }
        return copy(c, into: buffer, at: offset)
    }

    private func copy(_ c: (offset: Int64, data: Data), into buffer: UnsafeMutableRawBufferPointer, at offset: Int64)
        -> Int
    {
        let start = c.data.startIndex + Int(offset - c.offset)
        let count = min(buffer.count, c.data.endIndex - start)
        c.data.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: start..<(start + count))
        return count
    }
}
