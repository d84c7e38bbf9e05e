import Foundation

/// Pseudo-random test payloads, made quickly even in debug builds (xorshift, eight bytes a step).
enum TestBytes {
    /// `count` bytes that do not compress.
    static func random(_ count: Int) -> Data {
        var state = UInt64.random(in: 1...UInt64.max)
        var data = Data(count: (count + 7) / 8 * 8)
        data.withUnsafeMutableBytes { buffer in
            let words = buffer.bindMemory(to: UInt64.self)
            for index in words.indices {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                words[index] = state
            }
        }
        return data.prefix(count)
    }
}
