/// Where `SegmentEncryptor` inserted bytes into a segment (its `senc`, `saiz` and `saio` boxes at
/// the end of each `moof`), so byte offsets taken from the clear segment — an I-frame playlist's
/// `EXT-X-BYTERANGE`, say — can be moved to the encrypted one.
///
/// ```swift
/// let edit = try encryptor.encrypt(&segment)
/// let keyframe = edit.newOffset(of: clearRange.lowerBound)..<edit.newOffset(of: clearRange.upperBound)
/// ```
public struct SegmentEdit: Sendable, Equatable {
    /// Bytes inserted at one offset of the clear segment.
    public struct Insertion: Sendable, Equatable {
        /// The offset in the clear segment where the bytes went in (the end of a `moof`).
        public let offset: Int
        /// How many bytes.
        public let count: Int
    }

    /// The insertions in order of offset.
    public let insertions: [Insertion]

    /// All bytes inserted.
    public var addedBytes: Int { insertions.reduce(0) { $0 + $1.count } }

    /// Where the byte at `offset` of the clear segment lies in the encrypted one (an offset at an
    /// insertion point moves past the inserted bytes, with what follows).
    public func newOffset(of offset: Int) -> Int {
        offset + insertions.lazy.filter { $0.offset <= offset }.reduce(0) { $0 + $1.count }
    }
}
