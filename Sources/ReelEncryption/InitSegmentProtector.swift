/// Rewrites an fMP4 init segment so that its track is protected (ISO/IEC 23001-7 §8, CMAF §8.2):
/// the sample entry `avc1`/`avc3`/`hvc1`/`hev1` becomes `encv`, `mp4a`/`ac-3`/`ec-3` becomes
/// `enca`, and gains a `sinf`:
///
/// - `frma`: the original format;
/// - `schm`: the scheme (`cbcs` or `cenc`), version 0x10000;
/// - `schi`/`tenc`: for `cbcs` version 1 with the pattern (1:9 video, 0:0 audio), per-sample IV
///   size 0 and the 16-byte constant IV; for `cenc` version 0 with the per-sample IV size; both
///   protected by default with the key id.
///
/// Every enclosing box (`stsd`, `stbl`, `minf`, `mdia`, `trak`, `moov`) grows to match, and the
/// `pssh` boxes go at the end of `moov`. Everything else is left byte for byte.
///
/// ```swift
/// let protection = try TrackProtection.cbcs(key: key)
/// let header = try InitSegmentProtector.protect(
///     muxer.initSegment, with: protection,
///     psshBoxes: [try .common(keyIDs: [key.keyID]), try .widevine(keyIDs: [key.keyID], scheme: .cbcs)])
/// ```
public enum InitSegmentProtector {
    /// The protected init segment.
    /// - Parameters:
    ///   - initSegment: `ftyp` + `moov` of one track, as FFmpeg's mp4 muxer writes it.
    ///   - protection: The scheme, key and IVs; the same value encrypts the track's segments.
    ///   - psshBoxes: The DRM systems' boxes, appended to `moov` in order.
    /// - Throws: `EncryptionError` "init segment: …" when there is no track or sample entry, the
    ///   format cannot be protected, or the track is protected already.
    public static func protect(_ initSegment: [UInt8], with protection: TrackProtection, psshBoxes: [PSSHBox] = [])
        throws(EncryptionError) -> [UInt8]
    {
        let context = "init segment"
        let track = try TrackDescription(initSegment: initSegment)
        guard !track.isProtected else { throw EncryptionError("\(context): track is protected already") }
        var bytes = initSegment
        var inserted = 0
        // Last entry first, so that the offsets of the earlier ones stay valid.
        for entry in track.sampleEntries.reversed() {
            let isVideo = TrackDescription.videoFormats[entry.type] != nil
            guard isVideo || TrackDescription.audioFormats.contains(entry.type) else {
                throw EncryptionError("\(context): sample entry '\(entry.type)' cannot be protected")
            }
            let sinf = sinfBox(format: entry.type, protection: protection, video: isVideo)
            bytes.insert(contentsOf: sinf, at: entry.end)
            let protectedType: FourCC = isVideo ? "encv" : "enca"
            bytes.setBigEndian(protectedType.value, at: entry.start + 4)
            try entry.grow(in: &bytes, by: sinf.count, context: context)
            inserted += sinf.count
        }
        // stsd, stbl, minf, mdia, trak, moov: each starts before every insertion.
        for box in track.trakPath.reversed() {
            try box.grow(in: &bytes, by: inserted, context: context)
        }
        guard let moov = track.trakPath.first else { return bytes }
        let pssh = psshBoxes.flatMap(\.bytes)
        if !pssh.isEmpty {
            bytes.insert(contentsOf: pssh, at: moov.end + inserted)
            // Re-read moov's size: it grew above.
            let grown = ISOBox(
                type: moov.type, start: moov.start, payloadStart: moov.payloadStart, end: moov.end + inserted)
            try grown.grow(in: &bytes, by: pssh.count, context: context)
        }
        return bytes
    }

    /// `sinf` holding `frma`, `schm` and `schi`/`tenc`.
    static func sinfBox(format: FourCC, protection: TrackProtection, video: Bool) -> [UInt8] {
        let frma = ISOBox.make("frma", format.bytes)
        var scheme: [UInt8] = []
        scheme.appendBigEndian(protection.scheme.fourCC)
        scheme.appendBigEndian(UInt32(0x10000))
        let schm = ISOBox.makeFull("schm", version: 0, flags: 0, scheme)
        let schi = ISOBox.make("schi", tencBox(protection: protection, video: video))
        return ISOBox.make("sinf", frma + schm + schi)
    }

    /// `tenc` (ISO/IEC 23001-7 §8.2): version 1 with the pattern and a constant IV for `cbcs`,
    /// version 0 with the per-sample IV size for `cenc`.
    static func tencBox(protection: TrackProtection, video: Bool) -> [UInt8] {
        var payload: [UInt8] = [0]  // reserved
        let version: UInt8
        switch protection.scheme {
        case .cbcs:
            version = 1
            let pattern = protection.pattern(video: video)
            payload.append(pattern.crypt << 4 | pattern.skip)
        case .cenc:
            version = 0
            payload.append(0)  // reserved
        }
        payload.append(1)  // default_isProtected
        payload.append(UInt8(protection.perSampleIVSize))
        payload += protection.key.keyID
        if protection.perSampleIVSize == 0, let iv = protection.constantIV {
            payload.append(UInt8(iv.count))
            payload += iv
        }
        return ISOBox.makeFull("tenc", version: version, flags: 0, payload)
    }
}
