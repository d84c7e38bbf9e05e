/// How one track is protected: the scheme, the content key and the IVs. The same value goes to
/// `InitSegmentProtector` (which writes it into `tenc`) and to the track's `SegmentEncryptor`.
///
/// `cbcs` uses one constant 16-byte IV for the whole track, written in `tenc` (and, for HLS
/// `SAMPLE-AES`, in `EXT-X-KEY`'s `IV`). `cenc` uses a per-sample IV of 8 (or 16) bytes carried in
/// each segment's `senc`; `SegmentEncryptor` counts them up from a random start.
///
/// Printing it shows the scheme and the key id, never the key.
///
/// ```swift
/// let key = try ContentKey(keyID: "eb676abbcb345e96bbcf616630f1a3da", key: "100b6c20940f779a4589152b57d2dacb")
/// let hls = try TrackProtection.cbcs(key: key)  // random constant IV
/// let dash = try TrackProtection.cenc(key: key)  // 8-byte per-sample IVs
/// print(hls)  // cbcs, kid eb676abb-cb34-5e96-bbcf-616630f1a3da
/// ```
public struct TrackProtection: Sendable, Hashable, CustomStringConvertible {
    /// The protection scheme.
    public let scheme: EncryptionScheme
    /// The content key.
    public let key: ContentKey
    /// `cbcs`: the 16-byte constant IV; `cenc`: nil.
    public let constantIV: [UInt8]?
    /// `cenc`: the size of the per-sample IVs, 8 or 16; `cbcs`: 0.
    public let perSampleIVSize: Int

    /// `cbcs` protection.
    /// - Parameter constantIV: 16 bytes; random when nil.
    /// - Throws: `EncryptionError` when the IV is not 16 bytes.
    public static func cbcs(key: ContentKey, constantIV: [UInt8]? = nil) throws(EncryptionError) -> TrackProtection {
        var generator = SystemRandomNumberGenerator()
        let iv = constantIV ?? (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        guard iv.count == 16 else {
            throw EncryptionError("cbcs protection: constant IV is \(iv.count) bytes, not 16")
        }
        return TrackProtection(scheme: .cbcs, key: key, constantIV: iv, perSampleIVSize: 0)
    }

    /// `cenc` protection.
    /// - Parameter perSampleIVSize: 8 (the usual) or 16.
    /// - Throws: `EncryptionError` for another size.
    public static func cenc(key: ContentKey, perSampleIVSize: Int = 8) throws(EncryptionError) -> TrackProtection {
        guard perSampleIVSize == 8 || perSampleIVSize == 16 else {
            throw EncryptionError("cenc protection: per-sample IV size \(perSampleIVSize), not 8 or 16")
        }
        return TrackProtection(scheme: .cenc, key: key, constantIV: nil, perSampleIVSize: perSampleIVSize)
    }

    /// Protection of a scheme with its defaults: a random constant IV for `cbcs`, 8-byte per-sample
    /// IVs for `cenc`.
    public static func make(_ scheme: EncryptionScheme, key: ContentKey) -> TrackProtection {
        switch scheme {
        case .cbcs: try! cbcs(key: key)
        case .cenc: try! cenc(key: key)
        }
    }

    public var description: String { "\(scheme.rawValue), kid \(key.keyIDUUID)" }

    /// The encryption pattern of a track as `tenc` states it: 1:9 for `cbcs` video, 0:0 otherwise
    /// (`cbcs` audio encrypts every whole block; `cenc` has no pattern).
    func pattern(video: Bool) -> (crypt: UInt8, skip: UInt8) {
        scheme == .cbcs && video ? (1, 9) : (0, 0)
    }
}
