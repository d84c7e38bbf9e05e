public import Foundation
import Crypto
import ReelManifest

/// Seals content keys for storage (AES-GCM under a server secret) and opens them again, so a job
/// store never holds a key in clear text.
///
/// ```swift
/// let encoder = JSONEncoder()
/// encoder.userInfo[.contentKeySealing] = ContentKeySealing(secret: serverSecret)
/// let stored = try encoder.encode(job)     // "key": "sealed:…"
/// ```
public struct ContentKeySealing: Sendable {
    /// The derived sealing key's bytes (SymmetricKey is not Sendable).
    private let keyBytes: [UInt8]

    /// - Parameter secret: The server's secret (any length); the sealing key is derived from it.
    public init(secret: some DataProtocol) {
        let derived = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secret)), info: Data("reel content keys".utf8),
            outputByteCount: 32)
        keyBytes = derived.withUnsafeBytes { Array($0) }
    }

    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    func seal(_ bytes: [UInt8]) throws -> String {
        guard let combined = try AES.GCM.seal(bytes, using: key).combined else { throw CancellationError() }
        return "sealed:" + combined.base64EncodedString()
    }

    func open(_ text: String) throws -> [UInt8] {
        guard text.hasPrefix("sealed:"), let data = Data(base64Encoded: String(text.dropFirst(7))) else {
            throw CancellationError()
        }
        return Array(try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key))
    }
}

extension CodingUserInfoKey {
    /// A `ContentKeySealing` that seals content keys when encoding and opens them when decoding.
    public static let contentKeySealing = CodingUserInfoKey(rawValue: "reel.contentKeySealing")!
}

extension EncryptionOptions: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case scheme, keys, drm, cpix
        case licenseURL = "license_url"
        case fairPlayURI = "fairplay_uri"
        case hlsKeyURI = "hls_key_uri"
        case hlsKeyFile = "hls_key_file"
        case psshInInit = "pssh_in_init"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scheme = try container.decodeIfPresent(Scheme.self, forKey: .scheme) ?? .cbcs
        keys = try container.decodeIfPresent([Key].self, forKey: .keys) ?? []
        cpix = try container.decodeIfPresent(String.self, forKey: .cpix)
        drm = try container.decodeIfPresent([DRMSystem].self, forKey: .drm) ?? []
        licenseURL = try container.decodeIfPresent(String.self, forKey: .licenseURL)
        fairPlayURI = try container.decodeIfPresent(String.self, forKey: .fairPlayURI)
        hlsKeyURI = try container.decodeIfPresent(String.self, forKey: .hlsKeyURI)
        hlsKeyFile = try container.decodeIfPresent(String.self, forKey: .hlsKeyFile)
        psshInInit = try container.decodeIfPresent(Bool.self, forKey: .psshInInit) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scheme, forKey: .scheme)
        if !keys.isEmpty || cpix == nil { try container.encode(keys, forKey: .keys) }
        try container.encodeIfPresent(cpix, forKey: .cpix)
        if !drm.isEmpty { try container.encode(drm, forKey: .drm) }
        try container.encodeIfPresent(licenseURL, forKey: .licenseURL)
        try container.encodeIfPresent(fairPlayURI, forKey: .fairPlayURI)
        try container.encodeIfPresent(hlsKeyURI, forKey: .hlsKeyURI)
        try container.encodeIfPresent(hlsKeyFile, forKey: .hlsKeyFile)
        if psshInInit { try container.encode(true, forKey: .psshInInit) }
    }
}

extension EncryptionOptions.Key: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case label, kid, key
    }

    /// What a key reads as wherever it is not sealed: responses, events, logs.
    static let redacted = "redacted"

    public init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        label = try container.decodeIfPresent(String.self, forKey: .label)
        let kidText = try container.decode(String.self, forKey: .kid)
        guard let kid = Hex.bytes(kidText), kid.count == 16 else {
            throw DecodingError.dataCorruptedError(
                forKey: .kid, in: container, debugDescription: "a key id is 32 hex digits (or a UUID)")
        }
        keyID = kid
        let keyText = try container.decode(String.self, forKey: .key)
        if keyText.hasPrefix("sealed:") {
            guard let sealing = decoder.userInfo[.contentKeySealing] as? ContentKeySealing,
                let opened = try? sealing.open(keyText), opened.count == 16
            else {
                throw DecodingError.dataCorruptedError(
                    forKey: .key, in: container, debugDescription: "a sealed key this server cannot open")
            }
            key = opened
        } else if keyText == Self.redacted {
            throw DecodingError.dataCorruptedError(
                forKey: .key, in: container, debugDescription: "the key was redacted; give the key itself")
        } else {
            guard let bytes = Hex.bytes(keyText), bytes.count == 16, !keyText.contains("-") else {
                throw DecodingError.dataCorruptedError(
                    forKey: .key, in: container, debugDescription: "a key is 32 hex digits")
            }
            key = bytes
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(label, forKey: .label)
        try container.encode(Hex.string(keyID), forKey: .kid)
        if let sealing = encoder.userInfo[.contentKeySealing] as? ContentKeySealing {
            try container.encode(try sealing.seal(key), forKey: .key)
        } else {
            try container.encode(Self.redacted, forKey: .key)
        }
    }
}
