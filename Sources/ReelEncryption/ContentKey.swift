import ReelManifest

/// One content key: a 16-byte key id (KID), which manifests, `tenc` and `pssh` name, and the
/// 16-byte AES-128 key itself, which only the encryptors and licence servers ever see.
///
/// Printing a key (`description`, `debugDescription`, string interpolation, `dump`) shows the key
/// id only, so a `ContentKey` may travel in values that are logged.
///
/// ```swift
/// let key = try ContentKey(
///     keyID: "eb676abb-cb34-5e96-bbcf-616630f1a3da",  // or 32 hex digits
///     key: "100b6c20940f779a4589152b57d2dacb")
/// print(key)  // ContentKey(kid: eb676abb-cb34-5e96-bbcf-616630f1a3da)
/// ```
public struct ContentKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The key id: 16 bytes.
    public let keyID: [UInt8]
    /// The AES-128 key: 16 bytes. Never log it.
    public let key: [UInt8]

    /// Creates a key from its bytes.
    /// - Throws: `EncryptionError` when either is not 16 bytes long.
    public init(keyID: [UInt8], key: [UInt8]) throws(EncryptionError) {
        guard keyID.count == 16 else {
            throw EncryptionError("content key: key id is \(keyID.count) bytes, not 16")
        }
        guard key.count == 16 else {
            throw EncryptionError("content key \(Self.uuidText(keyID)): key is \(key.count) bytes, not 16")
        }
        self.keyID = keyID
        self.key = key
    }

    /// Creates a key from text.
    /// - Parameters:
    ///   - keyID: 32 hexadecimal digits, or a UUID (`8-4-4-4-12` hex digits with dashes).
    ///   - key: 32 hexadecimal digits.
    /// - Throws: `EncryptionError` naming which of the two is malformed (never echoing the key).
    public init(keyID: String, key: String) throws(EncryptionError) {
        guard let id = Self.keyIDBytes(keyID) else {
            throw EncryptionError("content key: key id '\(keyID)' is neither 32 hex digits nor a UUID")
        }
        guard let bytes = Self.hexBytes(key), bytes.count == 16 else {
            throw EncryptionError("content key \(Self.uuidText(id)): key is not 32 hex digits")
        }
        try self.init(keyID: id, key: bytes)
    }

    /// The key id as 32 lowercase hex digits, as `ffmpeg -decryption_key` and ClearKey licences
    /// (after base64url) use it.
    public var keyIDHex: String { Self.hex(keyID) }

    /// The key id as a UUID, lowercase with dashes, as DASH `cenc:default_KID` writes it.
    public var keyIDUUID: String { Self.uuidText(keyID) }

    public var description: String { "ContentKey(kid: \(keyIDUUID))" }

    public var debugDescription: String { description }

    /// What `dump` and debuggers show: the key id, not the key.
    public var customMirror: Mirror { Mirror(self, children: ["keyID": keyIDUUID]) }

    /// The bytes of a key id given as 32 hex digits or as a UUID.
    static func keyIDBytes(_ text: String) -> [UInt8]? {
        let dashes = text.enumerated().filter { $0.element == "-" }.map(\.offset)
        guard dashes.isEmpty || dashes == [8, 13, 18, 23] else { return nil }
        guard let bytes = hexBytes(text.filter { $0 != "-" }), bytes.count == 16 else { return nil }
        return bytes
    }

    /// The bytes of an even number of hex digits (no dashes), or nil.
    static func hexBytes(_ text: String) -> [UInt8]? { text.contains("-") ? nil : Hex.bytes(text) }

    /// Lowercase hex digits of bytes.
    static func hex(_ bytes: [UInt8]) -> String { Hex.string(bytes) }

    /// 16 bytes as a lowercase UUID (`8-4-4-4-12`).
    static func uuidText(_ bytes: [UInt8]) -> String { Hex.uuid(bytes) }
}
