/// Whole-segment AES-128 for HLS `EXT-X-KEY:METHOD=AES-128` (RFC 8216 §4.3.2.4, §5.2): AES-128-CBC
/// over the whole segment with PKCS#7 padding, the IV either given (`EXT-X-KEY`'s `IV`) or the
/// segment's media sequence number as a 128-bit big-endian integer.
///
/// Printing it never shows the key.
///
/// ```swift
/// let cipher = try HLSSegmentCipher(key: keyBytes)
/// let encrypted = cipher.encrypt(segment, mediaSequence: 7)  // IV 0x00000000000000000000000000000007
/// // The playlist: #EXT-X-KEY:METHOD=AES-128,URI="key.bin" (no IV attribute)
/// ```
public struct HLSSegmentCipher: Sendable, CustomStringConvertible, CustomReflectable {
    private let key: [UInt8]

    /// Creates a cipher with a 16-byte key.
    /// - Throws: `EncryptionError` when the key is not 16 bytes.
    public init(key: [UInt8]) throws(EncryptionError) {
        guard key.count == 16 else { throw EncryptionError("AES-128: key is \(key.count) bytes, not 16") }
        self.key = key
    }

    /// Creates a cipher with a content key's key (its id plays no part in AES-128).
    public init(key: ContentKey) {
        self.key = key.key
    }

    /// The IV RFC 8216 §5.2 implies when `EXT-X-KEY` has none: the media sequence number, big-endian,
    /// in 16 bytes.
    public static func iv(mediaSequence: UInt64) -> [UInt8] {
        var iv = [UInt8](repeating: 0, count: 8)
        iv.appendBigEndian(mediaSequence)
        return iv
    }

    /// The segment encrypted with the IV of its media sequence number.
    public func encrypt(_ segment: [UInt8], mediaSequence: UInt64) -> [UInt8] {
        try! encrypt(segment, iv: Self.iv(mediaSequence: mediaSequence))
    }

    /// The segment encrypted with an explicit IV (as `EXT-X-KEY`'s `IV` attribute states it).
    /// - Parameter iv: 16 bytes.
    /// - Returns: The ciphertext: the segment padded (PKCS#7) to a whole number of blocks, 1 to 16
    ///   bytes longer.
    /// - Throws: `EncryptionError` when the IV is not 16 bytes.
    public func encrypt(_ segment: [UInt8], iv: [UInt8]) throws(EncryptionError) -> [UInt8] {
        guard iv.count == 16 else { throw EncryptionError("AES-128: IV is \(iv.count) bytes, not 16") }
        let padding = 16 - segment.count % 16
        var bytes: [UInt8] = []
        bytes.reserveCapacity(segment.count + padding)
        bytes += segment
        bytes += repeatElement(UInt8(padding), count: padding)
        let cipher = SampleCipher(key: key)
        do {
            try bytes.withUnsafeMutableBytes { try cipher.encryptCBC($0, iv: iv, crypt: 1, skip: 0) }
        } catch {
            throw EncryptionError("AES-128: AES failed: \(error)")
        }
        return bytes
    }

    public var description: String { "HLSSegmentCipher(AES-128)" }

    /// What `dump` and debuggers show: nothing of the key.
    public var customMirror: Mirror { Mirror(self, children: []) }
}
