/// A Common Encryption protection scheme (ISO/IEC 23001-7), as written in `schm`.
///
/// - `cbcs`: AES-128-CBC with a constant IV; video protected in a 1:9 pattern of 16-byte blocks
///   (one encrypted, nine clear), audio in every whole block. One set of CMAF segments serves HLS
///   `SAMPLE-AES` (FairPlay) and DASH (Widevine, PlayReady 4.0+, ClearKey).
/// - `cenc`: AES-128-CTR with a per-sample IV; DASH only.
///
/// ```swift
/// let scheme = EncryptionScheme(rawValue: "cbcs")  // .cbcs
/// scheme?.fourCC  // 0x6362_6373
/// ```
public enum EncryptionScheme: String, Sendable, Hashable, Codable, CaseIterable {
    case cbcs
    case cenc

    /// The scheme's four-character code as a big-endian number, as `schm` and Widevine's
    /// `protection_scheme` carry it.
    public var fourCC: UInt32 {
        rawValue.utf8.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
