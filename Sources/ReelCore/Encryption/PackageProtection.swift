import Foundation
import ReelEncryption
import ReelManifest
import ReelOutput

/// A package's encryption, decided once per run: the keys (from the request or its CPIX
/// document), one `TrackProtection` per key (so every track under a key shares its `cbcs` IV, as
/// FairPlay requires), each DRM system's signalling, and a `SegmentProtector` per track.
///
/// ```swift
/// let protection = try PackageProtection(options: encryption, formats: [.hls, .dash], sourceOptions: options)
/// let protector = try protection.protector(isVideo: true, height: 1080, container: .fmp4)
/// ```
final class PackageProtection {
    let options: EncryptionOptions
    private let formats: Set<ManifestFormat>
    private let keys: [EncryptionOptions.Key]
    private let provided: [CPIXDocument.System]
    private var protections: [[UInt8]: TrackProtection] = [:]

    /// - Parameters:
    ///   - options: The request's encryption.
    ///   - formats: The manifests written.
    ///   - sourceOptions: How a CPIX document by reference is read.
    /// - Throws: `ReelError` when the CPIX document cannot be read or holds no usable key.
    init(options: EncryptionOptions, formats: Set<ManifestFormat>, sourceOptions: MediaSourceOptions) throws(ReelError)
    {
        self.options = options
        self.formats = formats
        if let reference = options.cpix {
            let bytes = try MediaSource(uri: reference).readAll(
                options: sourceOptions, limit: 4 << 20, what: "a CPIX document")
            let document = try CPIXDocument(data: Data(bytes), name: reference)
            keys = document.keys
            provided = document.systems
        } else {
            keys = options.keys
            provided = []
        }
    }

    /// The protector of one track, nil when the track stays clear.
    /// - Parameters:
    ///   - isVideo: Whether the track is video.
    ///   - height: The video's height, for `sd`/`hd`/`uhd` keys.
    ///   - container: The container of the track's segments.
    /// - Throws: `ReelError.permanent` when no key serves the track.
    func protector(isVideo: Bool, height: Int, container: SegmentContainer, id: String) throws(ReelError)
        -> (any SegmentProtector)?
    {
        // AES-128 protects HLS's own segments: TS always, fMP4 only when DASH does not share them.
        let hlsOnly = container == .ts || !formats.contains(.dash)
        switch (options.scheme, container) {
        case (.aes128, _) where hlsOnly:
            let key = try contentKey(isVideo: isVideo, height: height, id: id)
            return WholeSegmentProtector(
                key: key, facts: ProtectionFacts(method: .aes128, keyID: [], keyURI: keyURI(for: key.keyID)))
        case (.cbcs, .fmp4), (.cenc, .fmp4):
            let key = try contentKey(isVideo: isVideo, height: height, id: id)
            let scheme: EncryptionScheme = options.scheme == .cbcs ? .cbcs : .cenc
            let protection = protections[key.keyID] ?? TrackProtection.make(scheme, key: key)
            protections[key.keyID] = protection
            let signals = try signals(keyID: key.keyID, scheme: scheme)
            // The init segment carries ClearKey's common box; other systems' boxes only when asked:
            // hls.js 1.5 reads a Widevine box there as the key system to use, whatever it was told.
            let inInit = signals.filter { options.psshInInit || $0.systemID == DRMSignal.commonPSSH }
            return SampleEncryptionProtector(
                protection: protection,
                psshBoxes: try inInit.compactMap(\.pssh).map { (box) throws(ReelError) in
                    do { return try PSSHBox(parsing: box) } catch { throw .permanent("encryption: \(error)") }
                },
                facts: ProtectionFacts(
                    method: scheme == .cbcs ? .cbcs : .cenc, keyID: key.keyID, systems: signals))
        default:
            return nil
        }
    }

    /// Files the package carries for its keys: the 16-byte key under `hls_key_file` (per key id
    /// when there are several keys).
    var keyFiles: [(name: String, bytes: [UInt8])] {
        guard let file = options.hlsKeyFile else { return [] }
        return keys.map { (keyFileName(file, keyID: $0.keyID), $0.key) }
    }

    private func keyFileName(_ file: String, keyID: [UInt8]) -> String {
        guard keys.count > 1 else { return file }
        let url = URL(fileURLWithPath: file)
        let stem = url.deletingPathExtension().lastPathComponent
        let ext = url.pathExtension.isEmpty ? "" : "." + url.pathExtension
        return "\(stem)-\(Hex.string(keyID))\(ext)"
    }

    /// Where the playlists find a key: `hls_key_uri`, else the key file beside the rendition
    /// directories.
    private func keyURI(for keyID: [UInt8]) -> String? {
        if let uri = options.hlsKeyURI { return uri }
        return options.hlsKeyFile.map { "../" + keyFileName($0, keyID: keyID) }
    }

    private func contentKey(isVideo: Bool, height: Int, id: String) throws(ReelError) -> ContentKey {
        guard let chosen = EncryptionOptions.key(in: keys, isVideo: isVideo, height: height) else {
            throw .permanent(
                "encryption: no key for \(id) (give a key labelled \(isVideo ? "video or sd/hd/uhd" : "audio"), "
                    + "or one without a label)")
        }
        do {
            return try ContentKey(keyID: chosen.keyID, key: chosen.key)
        } catch {
            throw .permanent("encryption: \(id): \(error)")
        }
    }

    /// The DRM systems' signalling for one key: CPIX-provided `pssh` boxes and URIs first,
    /// generated ones otherwise.
    private func signals(keyID: [UInt8], scheme: EncryptionScheme) throws(ReelError) -> [DRMSignal] {
        func given(_ systemID: String) -> CPIXDocument.System? {
            provided.first { $0.systemID == systemID && $0.keyID == keyID }
        }
        func dataURI(_ bytes: [UInt8], charset: String? = nil) -> String {
            "data:text/plain;\(charset.map { "charset=\($0);" } ?? "")base64," + Data(bytes).base64EncodedString()
        }
        var systems = options.drm
        if systems.isEmpty {
            let mapped: [EncryptionOptions.DRMSystem] = provided.filter { $0.keyID == keyID }.compactMap {
                switch $0.systemID {
                case DRMSignal.widevine: .widevine
                case DRMSignal.playReady: .playready
                case DRMSignal.fairPlay: .fairplay
                case DRMSignal.commonPSSH, DRMSignal.dashIFClearKey: .clearkey
                default: nil
                }
            }
            systems = mapped.isEmpty ? [.clearkey] : mapped.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        }
        do {
            var signals: [DRMSignal] = []
            for system in systems {
                switch system {
                case .clearkey:
                    let generated = try PSSHBox.common(keyIDs: [keyID]).bytes
                    let box = given(DRMSignal.commonPSSH)?.pssh ?? generated
                    // DASH-IF ClearKey first: dash.js takes the first ClearKey element, and with the W3C
                    // one it hands the pssh to the CDM as key ids, which fails.
                    signals.append(
                        DRMSignal(
                            systemID: DRMSignal.dashIFClearKey, dashValue: "ClearKey1.0", licenseURL: options.licenseURL
                        ))
                    signals.append(
                        DRMSignal(
                            systemID: DRMSignal.commonPSSH, pssh: box,
                            hls: HLSKey(uri: dataURI(box), keyFormat: "org.w3.clearkey")))
                case .widevine:
                    let generated = try PSSHBox.widevine(keyIDs: [keyID], scheme: scheme).bytes
                    let box = given(DRMSignal.widevine)?.pssh ?? generated
                    signals.append(
                        DRMSignal(
                            systemID: DRMSignal.widevine, pssh: box,
                            hls: HLSKey(uri: dataURI(box), keyFormat: "urn:uuid:\(DRMSignal.widevine)")))
                case .playready:
                    let box: PSSHBox
                    if let provided = given(DRMSignal.playReady)?.pssh {
                        box = try PSSHBox(parsing: provided)
                    } else {
                        box = try PSSHBox.playReady(keyIDs: [keyID], scheme: scheme, licenseURL: options.licenseURL)
                    }
                    signals.append(
                        DRMSignal(
                            systemID: DRMSignal.playReady, pssh: box.bytes,
                            hls: HLSKey(uri: dataURI(box.data, charset: "UTF-16"), keyFormat: "com.microsoft.playready")
                        ))
                case .fairplay:
                    let uri = given(DRMSignal.fairPlay)?.hlsURI ?? options.fairPlayURI ?? "skd://" + Hex.string(keyID)
                    signals.append(
                        DRMSignal(
                            systemID: DRMSignal.fairPlay,
                            hls: HLSKey(uri: uri, keyFormat: "com.apple.streamingkeydelivery")))
                case .identity:
                    if let uri = keyURI(for: keyID) {
                        signals.append(DRMSignal(systemID: "identity", hls: HLSKey(uri: uri, keyFormat: "identity")))
                    }
                }
            }
            return signals
        } catch {
            throw .permanent("encryption: \(error)")
        }
    }
}
