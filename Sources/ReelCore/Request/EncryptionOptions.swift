import Foundation
import ReelManifest

/// How a package is encrypted: the scheme, the content keys per track label and the DRM systems
/// the manifests signal (the `encryption` object of the one request; `--encryption…` flags).
///
/// ```json
/// "encryption": {"scheme": "cbcs",
///                "keys": [{"label": "video", "kid": "0123…cdef", "key": "0011…eeff"},
///                         {"label": "audio", "kid": "…", "key": "…"}],
///                "drm": ["clearkey", "widevine"], "license_url": "https://license.example/clearkey"}
/// ```
/// A key without a label serves every track no labelled key claims. Labels: `video`, `audio`, or
/// `sd` (below 720 lines), `hd` (720 to 1080 lines), `uhd` (above) for video by rung height.
///
/// Keys are secrets: encoding the options writes `"key": "redacted"` unless the encoder's
/// `userInfo[.contentKeySealing]` gives a `ContentKeySealing` that seals them (the job store),
/// and decoding opens sealed keys with the same sealing.
public struct EncryptionOptions: Sendable, Equatable {
    /// The protection scheme.
    public enum Scheme: String, Sendable, Codable, CaseIterable {
        /// CENC AES-CBC with the 1:9 pattern: one segment set for HLS `SAMPLE-AES` and DASH.
        case cbcs
        /// CENC AES-CTR: DASH (HLS `SAMPLE-AES-CTR`).
        case cenc
        /// Whole-segment AES-128-CBC, HLS only.
        case aes128 = "aes-128"
    }

    /// A DRM system whose signalling the package carries.
    public enum DRMSystem: String, Sendable, Codable, CaseIterable {
        /// W3C ClearKey: the common `pssh`, DASH-IF ClearKey with the license URL, HLS `org.w3.clearkey`.
        case clearkey
        case widevine
        case playready
        /// FairPlay: HLS `skd://` keys (`fairplay_uri`).
        case fairplay
        /// HLS `identity` keys: the key itself at `hls_key_uri` (for tests and private players).
        case identity
    }

    /// A content key: its id and its value, for the tracks its label names.
    public struct Key: Sendable, Equatable, CustomStringConvertible {
        /// `video`, `audio`, `sd`, `hd`, `uhd`; nil for every track no labelled key claims.
        public var label: String?
        /// 16 bytes.
        public var keyID: [UInt8]
        /// 16 bytes; secret.
        public var key: [UInt8]

        public init(label: String?, keyID: [UInt8], key: [UInt8]) {
            self.label = label
            self.keyID = keyID
            self.key = key
        }

        /// `video=0123…cdef` — never the key.
        public var description: String { (label.map { "\($0)=" } ?? "") + Hex.string(keyID) }

        /// The labels a key may carry.
        public static let labels = ["video", "audio", "sd", "hd", "uhd"]
    }

    public var scheme: Scheme
    /// The keys given in the request (none when they come from `cpix`).
    public var keys: [Key]
    /// A CPIX document by reference (path, `https://`, `s3://`, `data:`), read when the job runs:
    /// its keys (labelled by its usage rules) and each DRM system's `pssh` and HLS key URI. A job
    /// that names a CPIX document stores no key.
    public var cpix: String?
    /// The DRM systems signalled; `clearkey` when none is given.
    public var drm: [DRMSystem]
    /// ClearKey's (or any system's) license server, written into the DASH ClearKey element.
    public var licenseURL: String?
    /// FairPlay's `skd://` key URI (default `skd://` and the key id in hex).
    public var fairPlayURI: String?
    /// AES-128 and `identity`: the key URI the playlists point at.
    public var hlsKeyURI: String?
    /// AES-128 and `identity`: also write the 16-byte key into the package under this name (tests,
    /// private players); the key URI defaults to it.
    public var hlsKeyFile: String?
    /// Whether init segments carry every system's `pssh` box; by default only ClearKey's common
    /// box is there and the other systems' boxes are in the manifests (MPD `cenc:pssh`, HLS
    /// `data:` URIs), where players read them.
    public var psshInInit = false

    public init(
        scheme: Scheme, keys: [Key], cpix: String? = nil, drm: [DRMSystem] = [], licenseURL: String? = nil,
        fairPlayURI: String? = nil, hlsKeyURI: String? = nil, hlsKeyFile: String? = nil
    ) {
        self.scheme = scheme
        self.keys = keys
        self.cpix = cpix
        self.drm = drm
        self.licenseURL = licenseURL
        self.fairPlayURI = fairPlayURI
        self.hlsKeyURI = hlsKeyURI
        self.hlsKeyFile = hlsKeyFile
    }

    /// The systems signalled: those asked for, or ClearKey.
    public var systems: [DRMSystem] { drm.isEmpty ? [.clearkey] : drm }

    /// The key of a track: its rung-height label (`sd`, `hd`, `uhd`) or kind label, else the
    /// unlabelled key.
    /// - Parameters:
    ///   - isVideo: Whether the track is video.
    ///   - height: The video's height in lines.
    public func key(isVideo: Bool, height: Int = 0) -> Key? {
        Self.key(in: keys, isVideo: isVideo, height: height)
    }

    /// The key of a track among `keys` (the request's or a CPIX document's), as `key(isVideo:height:)`.
    static func key(in keys: [Key], isVideo: Bool, height: Int) -> Key? {
        let size = height > 1080 ? "uhd" : height >= 720 ? "hd" : "sd"
        let labels = isVideo ? [size, "video"] : ["audio"]
        for label in labels {
            if let key = keys.first(where: { $0.label == label }) { return key }
        }
        return keys.first { $0.label == nil }
    }

    /// Checks the options against the package they protect.
    /// - Parameters:
    ///   - formats: The manifests written.
    ///   - hlsSegments: The HLS segment container.
    func validate(formats: [ManifestFormat], hlsSegments: SegmentContainer) throws(ReelError) {
        guard !keys.isEmpty || cpix != nil else {
            throw .permanent("encryption: no key (give keys, e.g. --encryption-key KID:KEY, or a CPIX document)")
        }
        if cpix != nil && !keys.isEmpty {
            throw .permanent("encryption: give keys or a CPIX document, not both")
        }
        var labels = Set<String?>()
        for key in keys {
            guard key.keyID.count == 16, key.key.count == 16 else {
                throw .permanent("encryption: key \(key): key ids and keys are 16 bytes (32 hex digits)")
            }
            if let label = key.label, !Key.labels.contains(label) {
                throw .permanent(
                    "encryption: unknown key label '\(label)' (expected one of: \(Key.labels.joined(separator: ", ")))")
            }
            guard labels.insert(key.label).inserted else {
                throw .permanent("encryption: two keys for \(key.label.map { "label '\($0)'" } ?? "every track")")
            }
        }
        switch scheme {
        case .aes128:
            guard formats.contains(.hls) else { throw .permanent("encryption: aes-128 protects HLS only; add hls") }
            if formats.contains(.dash) && hlsSegments == .fmp4 {
                throw .permanent(
                    "encryption: aes-128 encrypts whole HLS segments, which DASH cannot share: use --hls-segments ts "
                        + "or --formats hls (or cbcs for both)")
            }
            guard hlsKeyURI != nil || hlsKeyFile != nil else {
                throw .permanent("encryption: aes-128 needs the key URI the playlists point at (hls_key_uri)")
            }
        case .cbcs, .cenc:
            if formats.contains(.hls) && hlsSegments == .ts {
                throw .permanent(
                    "encryption: \(scheme.rawValue) protects fMP4 segments; SAMPLE-AES in MPEG-TS is not supported "
                        + "(use fMP4 HLS segments, or aes-128 for TS)")
            }
            if systems.contains(.identity) && hlsKeyURI == nil && hlsKeyFile == nil {
                throw .permanent("encryption: identity keys need hls_key_uri or hls_key_file")
            }
        }
        if let uri = fairPlayURI, !uri.hasPrefix("skd://") {
            throw .permanent("encryption: fairplay_uri must be an skd:// URI, got '\(uri)'")
        }
        if let file = hlsKeyFile, file.isEmpty || file.contains("/") || file.hasPrefix(".") {
            throw .permanent("encryption: hls_key_file must be a plain file name, got '\(file)'")
        }
    }
}
