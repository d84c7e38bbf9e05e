/// How a rendition's media is protected, as its manifests say it: the method, the key's id and
/// each DRM system's signalling. Facts only: a content key never reaches the manifests.
///
/// ```swift
/// let protection = ProtectionFacts(
///     method: .cbcs, keyID: kid,
///     systems: [DRMSignal(systemID: DRMSignal.widevine, pssh: box, hls: HLSKey(uri: "data:…", keyFormat: …))])
/// ```
/// DASH writes `ContentProtection` (`urn:mpeg:dash:mp4protection:2011` with the scheme and
/// `cenc:default_KID`, then one element per system); HLS writes one `EXT-X-KEY` per system that has
/// an HLS form, and the master repeats them as `EXT-X-SESSION-KEY`.
public struct ProtectionFacts: Sendable, Codable, Equatable {
    /// How the media is encrypted.
    public enum Method: String, Sendable, Codable, Equatable {
        /// CENC `cbcs` (AES-CBC, 1:9 pattern on video): HLS `SAMPLE-AES`, DASH.
        case cbcs
        /// CENC `cenc` (AES-CTR): DASH, HLS `SAMPLE-AES-CTR`.
        case cenc
        /// Whole-segment AES-128-CBC, HLS only (DASH stays clear).
        case aes128 = "aes-128"

        /// The HLS `METHOD` attribute.
        var hlsMethod: String {
            switch self {
            case .cbcs: "SAMPLE-AES"
            case .cenc: "SAMPLE-AES-CTR"
            case .aes128: "AES-128"
            }
        }
    }

    public var method: Method
    /// The 16-byte key id (`tenc`, `cenc:default_KID`); empty for AES-128.
    public var keyID: [UInt8]
    /// The DRM systems signalled, in manifest order.
    public var systems: [DRMSignal]
    /// AES-128: the key URI the media playlists point at.
    public var keyURI: String?

    public init(method: Method, keyID: [UInt8], systems: [DRMSignal] = [], keyURI: String? = nil) {
        self.method = method
        self.keyID = keyID
        self.systems = systems
        self.keyURI = keyURI
    }

    /// Whether the fMP4 segments themselves are CENC-protected (what DASH signals).
    public var isSampleEncrypted: Bool { method != .aes128 }

    /// The key id as a UUID (`cenc:default_KID`), lowercase.
    public var keyIDText: String { DRMSignal.uuidText(keyID) }

    /// The `EXT-X-KEY` attribute lists of a media playlist, one per system with an HLS form.
    var hlsKeyAttributes: [String] {
        if method == .aes128 {
            guard let keyURI else { return [] }
            return ["METHOD=AES-128,URI=\(keyURI.hlsQuoted)"]
        }
        return systems.compactMap { system in
            guard let key = system.hls else { return nil }
            return "METHOD=\(method.hlsMethod),URI=\(key.uri.hlsQuoted),KEYFORMAT=\(key.keyFormat.hlsQuoted),"
                + "KEYFORMATVERSIONS=\(key.keyFormatVersions.hlsQuoted)"
        }
    }
}

/// One DRM system's signalling for a protected rendition.
public struct DRMSignal: Sendable, Codable, Equatable {
    /// The system id, a lowercase UUID (e.g. `DRMSignal.widevine`).
    public var systemID: String
    /// DASH: the `ContentProtection@value` (e.g. `ClearKey1.0`), if any.
    public var dashValue: String?
    /// The system's `pssh` box, whole (DASH `cenc:pssh`, base64); nil when the system has none.
    public var pssh: [UInt8]?
    /// DASH: the license server URL (`dashif:Laurl`), if any.
    public var licenseURL: String?
    /// How HLS names the key for this system; nil when HLS does not list it.
    public var hls: HLSKey?

    public init(
        systemID: String, dashValue: String? = nil, pssh: [UInt8]? = nil, licenseURL: String? = nil,
        hls: HLSKey? = nil
    ) {
        self.systemID = systemID
        self.dashValue = dashValue
        self.pssh = pssh
        self.licenseURL = licenseURL
        self.hls = hls
    }

    /// Widevine.
    public static let widevine = "edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"
    /// PlayReady.
    public static let playReady = "9a04f079-9840-4286-ab92-e65be0885f95"
    /// FairPlay (HLS only; no `pssh` in CMAF).
    public static let fairPlay = "94ce86fb-07ff-4f43-adb8-93d2fa968ca2"
    /// W3C Common PSSH, which ClearKey reads.
    public static let commonPSSH = "1077efec-c0b2-4d02-ace3-3c1e52e2fb4b"
    /// DASH-IF ClearKey, with its license URL.
    public static let dashIFClearKey = "e2719d58-a985-b3c9-781a-b030af78d30e"

    /// 16 bytes as a lowercase UUID (`8-4-4-4-12`).
    public static func uuidText(_ bytes: [UInt8]) -> String { Hex.uuid(bytes) }
}

/// An HLS key line's URI and key format.
public struct HLSKey: Sendable, Codable, Equatable {
    /// The `URI` (a `skd://` URI, a `data:` URI of the system's pssh, a key URL).
    public var uri: String
    /// The `KEYFORMAT` (`identity`, `com.apple.streamingkeydelivery`, `urn:uuid:…`, `org.w3.clearkey`).
    public var keyFormat: String
    /// The `KEYFORMATVERSIONS`.
    public var keyFormatVersions: String

    public init(uri: String, keyFormat: String, keyFormatVersions: String = "1") {
        self.uri = uri
        self.keyFormat = keyFormat
        self.keyFormatVersions = keyFormatVersions
    }
}
