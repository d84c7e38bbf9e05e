import ReelManifest

/// Protects one track's files on their way out: its init segment and each media segment, and
/// says what the manifests must signal. `SegmentWriter` calls it for every file it writes.
protocol SegmentProtector: AnyObject {
    /// What the manifests say of the track's protection.
    var facts: ProtectionFacts { get }
    /// The protected init segment.
    func protectInitSegment(_ bytes: [UInt8]) throws -> [UInt8]
    /// Protects a media segment in place.
    /// - Parameters:
    ///   - bytes: The segment.
    ///   - number: Its number in the track, from 1.
    /// - Returns: Where a byte offset of the clear segment lies in the protected one; nil when
    ///   offsets into the segment mean nothing any more (whole-segment encryption).
    func protectMediaSegment(_ bytes: inout [UInt8], number: Int) throws -> ((Int) -> Int)?
}
