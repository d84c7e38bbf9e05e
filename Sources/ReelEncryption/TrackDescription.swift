/// What encrypting needs to know about the one track of an fMP4 init segment: its id, its sample
/// entry (format, kind, where it lies), its NAL length size and `trex` default sample size.
///
/// Reads clear init segments and protected ones (`encv`/`enca`, whose `frma` names the format).
///
/// ```swift
/// let track = try TrackDescription(initSegment: bytes)
/// track.format         // avc1
/// track.nalLengthSize  // 4
/// ```
struct TrackDescription: Sendable, Equatable {
    /// Sample entry formats Reel protects: video ones become `encv`, audio ones `enca`.
    static let videoFormats: [FourCC: NALCodec] = ["avc1": .h264, "avc3": .h264, "hvc1": .hevc, "hev1": .hevc]
    static let audioFormats: Set<FourCC> = ["mp4a", "ac-3", "ec-3"]

    /// Bytes of a visual sample entry before its child boxes (ISO/IEC 14496-12 §12.1.3).
    static let visualEntryFields = 78

    /// The track's id (`tkhd`).
    let trackID: UInt32
    /// The sample entry's format: the original one (from `frma`) when the entry is protected.
    let format: FourCC
    /// Whether the sample entry is already `encv`/`enca`.
    let isProtected: Bool
    /// The video codec, or nil for audio.
    let videoCodec: NALCodec?
    /// Bytes of each NAL unit's length field (video), from `avcC`/`hvcC`; 0 for audio.
    let nalLengthSize: Int
    /// The `avcC`/`hvcC` record without its box header (video); empty for audio.
    let configurationRecord: [UInt8]
    /// `trex` default sample size, 0 when unset.
    let defaultSampleSize: UInt32
    /// The `trak` box and the path to the sample entries, for rewriting.
    let trakPath: [ISOBox]
    /// The sample entries of `stsd`.
    let sampleEntries: [ISOBox]

    var isVideo: Bool { videoCodec != nil }

    /// Bytes of a NAL unit header: 1 in H.264, 2 in HEVC.
    static func nalHeaderSize(_ codec: NALCodec) -> Int { codec == .h264 ? 1 : 2 }

    /// Reads the init segment.
    /// - Throws: `EncryptionError` "init segment: …" naming the missing or unexpected box.
    init(initSegment bytes: [UInt8]) throws(EncryptionError) {
        let context = "init segment"
        let top = try ISOBox.children(of: bytes, in: 0..<bytes.count, context: context)
        let moov = try ISOBox.required("moov", among: top, context: context)
        let moovChildren = try ISOBox.children(of: bytes, in: moov.payload, context: context)
        let traks = moovChildren.filter { $0.type == "trak" }
        guard traks.count == 1, let trak = traks.first else {
            throw EncryptionError("\(context): \(traks.count) tracks; Reel encrypts files of one track")
        }
        let tkhd = try ISOBox.path(["tkhd"], in: bytes, range: trak.payload, context: context)
        let idOffset = tkhd.payloadStart + 4 + (bytes[tkhd.payloadStart] == 1 ? 16 : 8)
        guard idOffset + 4 <= tkhd.end else { throw EncryptionError("\(context): tkhd cut short") }
        trackID = bytes.bigEndianUInt32(at: idOffset)

        var path = [moov, trak]
        var range = trak.payload
        for type: FourCC in ["mdia", "minf", "stbl", "stsd"] {
            let box = try ISOBox.path([type], in: bytes, range: range, context: context)
            path.append(box)
            range = box.payload
        }
        trakPath = path
        let stsd = path[path.count - 1]
        guard stsd.payloadStart + 8 <= stsd.end else { throw EncryptionError("\(context): no stsd sample entry") }
        let entries = try ISOBox.children(of: bytes, in: stsd.payloadStart + 8..<stsd.end, context: context)
        guard let entry = entries.first else { throw EncryptionError("\(context): no stsd sample entry") }
        sampleEntries = entries

        isProtected = entry.type == "encv" || entry.type == "enca"
        let format: FourCC
        if isProtected {
            let offset = entry.type == "encv" ? Self.visualEntryFields : 28
            let frma = try ISOBox.path(
                ["sinf", "frma"], in: bytes, range: entry.payloadStart + offset..<entry.end, context: context)
            guard frma.payload.count >= 4 else { throw EncryptionError("\(context): frma cut short") }
            format = FourCC(bytes.bigEndianUInt32(at: frma.payloadStart))
        } else {
            format = entry.type
        }
        self.format = format

        if let codec = Self.videoFormats[format] {
            videoCodec = codec
            let children = try ISOBox.children(
                of: bytes, in: entry.payloadStart + Self.visualEntryFields..<entry.end, context: context)
            let configType: FourCC = codec == .h264 ? "avcC" : "hvcC"
            let config = try ISOBox.required(configType, among: children, context: context)
            let lengthByte = codec == .h264 ? 4 : 21
            guard config.payload.count > lengthByte else {
                throw EncryptionError("\(context): \(configType) cut short")
            }
            nalLengthSize = Int(bytes[config.payloadStart + lengthByte] & 3) + 1
            configurationRecord = Array(bytes[config.payload])
        } else if Self.audioFormats.contains(format) {
            videoCodec = nil
            nalLengthSize = 0
            configurationRecord = []
        } else {
            throw EncryptionError("\(context): sample entry '\(format)' cannot be protected")
        }

        var defaultSize: UInt32 = 0
        if let mvex = moovChildren.first(where: { $0.type == "mvex" }) {
            for trex in try ISOBox.children(of: bytes, in: mvex.payload, context: context) where trex.type == "trex" {
                guard trex.payload.count >= 24 else { throw EncryptionError("\(context): trex cut short") }
                if bytes.bigEndianUInt32(at: trex.payloadStart + 4) == trackID {
                    defaultSize = bytes.bigEndianUInt32(at: trex.payloadStart + 16)
                }
            }
        }
        defaultSampleSize = defaultSize
    }
}
