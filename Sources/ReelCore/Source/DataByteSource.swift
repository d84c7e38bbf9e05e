import Foundation
import ReelMedia

/// The bytes of a `data:` URI.
final class DataByteSource: ByteSource, @unchecked Sendable {
    private let bytes: Data

    init(bytes: Data) {
        self.bytes = bytes
    }

    var size: Int64? { Int64(bytes.count) }

    var rereadsCheaply: Bool { true }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        guard offset < Int64(bytes.count) else { return 0 }
        let start = bytes.startIndex + Int(offset)
        let count = min(buffer.count, bytes.endIndex - start)
        bytes.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: start..<(start + count))
        return count
    }
}
