import Foundation
import ReelManifest

/// A Protection System Specific Header box (`pssh`, ISO/IEC 23001-7 §8.1): which DRM system it
/// is for, the key ids it covers (version 1), and the system's own data. Built for the systems Reel
/// signals, or parsed from bytes a key server (CPIX) provides.
///
/// Init segments carry one per system at the end of `moov`; DASH manifests repeat it in
/// `cenc:pssh` (`base64`).
///
/// ```swift
/// let kid = key.keyID
/// let boxes = [
///     PSSHBox.common(keyIDs: [kid]),  // W3C Common PSSH: ClearKey
///     PSSHBox.widevine(keyIDs: [kid], scheme: .cbcs),
///     PSSHBox.playReady(keyIDs: [kid], scheme: .cbcs, licenseURL: "https://pr.example/rightsmanager.asmx"),
/// ]
/// let parsed = try PSSHBox(parsing: boxes[1].bytes)  // systemID, keyIDs, data back
/// ```
public struct PSSHBox: Sendable, Hashable, CustomStringConvertible {
    /// The W3C Common PSSH system (ClearKey): `1077efec-c0b2-4d02-ace3-3c1e52e2fb4b`.
    public static let commonSystemID: [UInt8] = ContentKey.keyIDBytes("1077efec-c0b2-4d02-ace3-3c1e52e2fb4b")!
    /// Widevine: `edef8ba9-79d6-4ace-a3c8-27dcd51d21ed`.
    public static let widevineSystemID: [UInt8] = ContentKey.keyIDBytes("edef8ba9-79d6-4ace-a3c8-27dcd51d21ed")!
    /// PlayReady: `9a04f079-9840-4286-ab92-e65be0885f95`.
    public static let playReadySystemID: [UInt8] = ContentKey.keyIDBytes("9a04f079-9840-4286-ab92-e65be0885f95")!

    /// The box version: 1 lists key ids in the box, 0 does not.
    public let version: UInt8
    /// The DRM system's id, 16 bytes.
    public let systemID: [UInt8]
    /// The key ids a version 1 box lists (16 bytes each); empty in version 0.
    public let keyIDs: [[UInt8]]
    /// The system's data.
    public let data: [UInt8]

    /// Creates a box.
    /// - Parameters:
    ///   - version: 0 or 1; `keyIDs` must be empty in version 0.
    /// - Throws: `EncryptionError` for a system id or key id that is not 16 bytes, or key ids in a
    ///   version 0 box.
    public init(version: UInt8 = 1, systemID: [UInt8], keyIDs: [[UInt8]] = [], data: [UInt8] = [])
        throws(EncryptionError)
    {
        guard systemID.count == 16 else { throw EncryptionError("pssh: system id is \(systemID.count) bytes, not 16") }
        guard version <= 1 else { throw EncryptionError("pssh: version \(version) (0 or 1 is written)") }
        guard version == 1 || keyIDs.isEmpty else { throw EncryptionError("pssh: key ids need version 1") }
        if let bad = keyIDs.first(where: { $0.count != 16 }) {
            throw EncryptionError("pssh: key id of \(bad.count) bytes, not 16")
        }
        self.version = version
        self.systemID = systemID
        self.keyIDs = keyIDs
        self.data = data
    }

    /// Parses one `pssh` box (the whole box, header included).
    /// - Throws: `EncryptionError` when the bytes are not one well-formed `pssh` box.
    public init(parsing bytes: [UInt8]) throws(EncryptionError) {
        let boxes = try ISOBox.children(of: bytes, in: 0..<bytes.count, context: "pssh")
        guard boxes.count == 1, let box = boxes.first, box.type == "pssh" else {
            throw EncryptionError("pssh: expected one pssh box, found \(boxes.map { "\($0.type)" })")
        }
        try self.init(box: box, in: bytes)
    }

    /// Parses every `pssh` box among the boxes of `bytes`, skipping other boxes (e.g. a whole
    /// `moov` payload, or boxes a CPIX document gave back to back).
    public static func parseAll(_ bytes: [UInt8]) throws(EncryptionError) -> [PSSHBox] {
        var found: [PSSHBox] = []
        for box in try ISOBox.children(of: bytes, in: 0..<bytes.count, context: "pssh") where box.type == "pssh" {
            found.append(try PSSHBox(box: box, in: bytes))
        }
        return found
    }

    init(box: ISOBox, in bytes: [UInt8]) throws(EncryptionError) {
        var at = box.payloadStart
        func need(_ count: Int) throws(EncryptionError) {
            guard at + count <= box.end else { throw EncryptionError("pssh: box cut short at \(at)") }
        }
        try need(20)
        let version = bytes[at]
        let systemID = Array(bytes[at + 4..<at + 20])
        at += 20
        var keyIDs: [[UInt8]] = []
        if version >= 1 {
            try need(4)
            let count = Int(bytes.bigEndianUInt32(at: at))
            at += 4
            try need(count * 16)
            for index in 0..<count { keyIDs.append(Array(bytes[at + index * 16..<at + index * 16 + 16])) }
            at += count * 16
        }
        try need(4)
        let size = Int(bytes.bigEndianUInt32(at: at))
        at += 4
        try need(size)
        self.version = min(version, 1)
        self.systemID = systemID
        self.keyIDs = keyIDs
        data = Array(bytes[at..<at + size])
    }

    /// The whole box.
    public var bytes: [UInt8] {
        var payload = systemID
        if version >= 1 {
            payload.appendBigEndian(UInt32(keyIDs.count))
            for keyID in keyIDs { payload += keyID }
        }
        payload.appendBigEndian(UInt32(data.count))
        payload += data
        return ISOBox.makeFull("pssh", version: version, flags: 0, payload)
    }

    /// The whole box in base64, as DASH `cenc:pssh` carries it.
    public var base64: String { Data(bytes).base64EncodedString() }

    /// The system's name when it is one Reel knows.
    public var systemName: String? {
        switch systemID {
        case Self.commonSystemID: "W3C Common"
        case Self.widevineSystemID: "Widevine"
        case Self.playReadySystemID: "PlayReady"
        default: nil
        }
    }

    public var description: String {
        "pssh v\(version) \(systemName ?? ContentKey.uuidText(systemID)), "
            + "\(keyIDs.count) key id(s), \(data.count) data bytes"
    }

    /// The W3C Common PSSH box (ClearKey and any CENC-aware player): version 1, key ids, no data.
    public static func common(keyIDs: [[UInt8]]) throws(EncryptionError) -> PSSHBox {
        try PSSHBox(version: 1, systemID: commonSystemID, keyIDs: keyIDs)
    }

    /// A Widevine box: data is a `WidevinePsshData` message with `key_ids` (field 2) and
    /// `protection_scheme` (field 9, the scheme's four-character code as a number).
    /// - Parameter version: 0 (the default, which every Widevine client reads) or 1 (key ids in
    ///   the box as well).
    public static func widevine(keyIDs: [[UInt8]], scheme: EncryptionScheme, version: UInt8 = 0)
        throws(EncryptionError) -> PSSHBox
    {
        var data: [UInt8] = []
        for keyID in keyIDs {
            data += [0x12, UInt8(keyID.count)] + keyID
        }
        data.append(0x48)
        var value = scheme.fourCC
        while value >= 0x80 {
            data.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        data.append(UInt8(value))
        return try PSSHBox(version: version, systemID: widevineSystemID, keyIDs: version == 1 ? keyIDs : [], data: data)
    }

    /// A PlayReady box: data is a PlayReady Object holding a `WRMHEADER` 4.3 (UTF-16LE XML) with
    /// each key id in PlayReady's form and `ALGID` `AESCBC` (`cbcs`) or `AESCTR` (`cenc`).
    /// - Parameters:
    ///   - licenseURL: The licence server (`LA_URL`), when the header should name one.
    ///   - version: 0 (the default, which every PlayReady client reads) or 1.
    public static func playReady(
        keyIDs: [[UInt8]], scheme: EncryptionScheme, licenseURL: String? = nil, version: UInt8 = 0
    ) throws(EncryptionError) -> PSSHBox {
        try PSSHBox(
            version: version, systemID: playReadySystemID, keyIDs: version == 1 ? keyIDs : [],
            data: try playReadyObject(keyIDs: keyIDs, scheme: scheme, licenseURL: licenseURL))
    }

    /// A PlayReady Object (the `pssh` data, and DASH `mspr:pro`): its length, one record of type 1
    /// holding the `WRMHEADER` 4.3 XML in UTF-16LE; all numbers little-endian.
    public static func playReadyObject(keyIDs: [[UInt8]], scheme: EncryptionScheme, licenseURL: String? = nil)
        throws(EncryptionError) -> [UInt8]
    {
        if let bad = keyIDs.first(where: { $0.count != 16 }) {
            throw EncryptionError("PlayReady header: key id of \(bad.count) bytes, not 16")
        }
        let algorithm = scheme == .cbcs ? "AESCBC" : "AESCTR"
        var xml =
            #"<WRMHEADER xmlns="http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader" version="4.3.0.0">"#
            + "<DATA><PROTECTINFO><KIDS>"
        for keyID in keyIDs {
            xml += #"<KID ALGID="\#(algorithm)" VALUE="\#(playReadyKeyID(keyID))"></KID>"#
        }
        xml += "</KIDS></PROTECTINFO>"
        if let licenseURL { xml += "<LA_URL>\(XMLText.escape(licenseURL))</LA_URL>" }
        xml += "</DATA></WRMHEADER>"
        let header = xml.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        guard header.count <= Int(UInt16.max) else {
            throw EncryptionError("PlayReady header: \(header.count) bytes, more than a record holds")
        }
        func littleEndian(_ value: Int, bytes: Int) -> [UInt8] {
            (0..<bytes).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
        }
        return littleEndian(10 + header.count, bytes: 4) + littleEndian(1, bytes: 2) + littleEndian(1, bytes: 2)
            + littleEndian(header.count, bytes: 2) + header
    }

    /// A key id as PlayReady writes it: the bytes of the GUID in Microsoft's little-endian layout
    /// (first three fields byte-swapped), in base64.
    ///
    /// ```swift
    /// PSSHBox.playReadyKeyID(ContentKey.keyIDBytes("10000000-1000-1000-1000-100000000001")!)
    /// // "AAAAEAAQABAQABAAAAAAAQ=="
    /// ```
    public static func playReadyKeyID(_ keyID: [UInt8]) -> String {
        guard keyID.count == 16 else { return "" }
        let swapped =
            Array(keyID[0..<4].reversed()) + Array(keyID[4..<6].reversed()) + Array(keyID[6..<8].reversed())
            + Array(keyID[8..<16])
        return Data(swapped).base64EncodedString()
    }
}
