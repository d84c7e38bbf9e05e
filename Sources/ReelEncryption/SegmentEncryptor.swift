/// Encrypts the samples of fMP4 media segments of one track in place and adds what a player needs
/// to decrypt them (ISO/IEC 23001-7): each `traf` gains a `senc` (per-sample IVs for `cenc`,
/// subsample maps for video), and a `saiz` and `saio` locating that information; `trun` data
/// offsets, `traf` and `moof` sizes grow to match.
///
/// A segment is one or more `moof`+`mdat` fragments as FFmpeg's mp4 muxer writes them
/// (`default-base-is-moof`, one track); `styp`, `prft` and `emsg` boxes pass through. Samples are
/// found from each `trun` (sizes from the run, else `tfhd`, else the init segment's `trex`).
///
/// - `cbcs` video: the protected part of each subsample is AES-CBC encrypted in a 1:9 pattern
///   (one 16-byte block encrypted, nine clear), restarting from the constant IV at every
///   subsample; a partial block at the end stays clear. `senc` has subsample maps and no IVs.
/// - `cbcs` audio: every whole block of the sample, from the constant IV; the last partial block
///   stays clear. The sample auxiliary information is then empty, so, as Shaka Packager does and
///   ISO/IEC 23001-7 recommends, `senc` lists the samples with no data and `saiz`/`saio` are left
///   out.
/// - `cenc`: AES-CTR with an 8-byte (or 16-byte) IV per sample, carried in `senc`; video
///   subsamples protect whole blocks only, audio the whole sample.
///
/// Subsamples come from a `NALUnitScanner`, which says how much of each NAL unit stays clear: by
/// default a `SliceHeaderParser` on the init segment's `avcC`/`hvcC`, which keeps NAL and slice
/// headers clear.
///
/// IVs under one key are never reused: each encryptor starts its `cenc` IVs at a random 64-bit
/// number and adds one per sample, so renditions (or chunks encrypted on other workers) that share a
/// key use ranges from independent random starts, which would meet only after about 2^64 / (samples
/// in all of them) tries; and the low 64 bits of the counter block count the blocks within a sample,
/// so two samples' key streams never overlap.
///
/// ```swift
/// let protection = try TrackProtection.cenc(key: key)
/// var encryptor = try SegmentEncryptor(
///     initSegment: clearInit, protection: protection,
///     nalUnitScanner: try SliceHeaderParser(codec: .h264, configuration: avcC))
/// let header = try InitSegmentProtector.protect(clearInit, with: protection, psshBoxes: boxes)
/// for var segment in segments {
///     try encryptor.encrypt(&segment)
///     write(segment)
/// }
/// ```
public struct SegmentEncryptor: Sendable {
    /// The scheme, key and IVs.
    public let protection: TrackProtection
    /// The track, from its init segment.
    let track: TrackDescription
    /// Video: where NAL units lie and what stays clear.
    private var scanner: (any NALUnitScanner)?
    /// `cenc`: the IV of the next sample.
    public private(set) var nextIV: UInt64
    /// Protected ranges of the current sample, reused from sample to sample.
    private var ranges: [Range<Int>] = []

    /// Creates an encryptor for the track of an init segment.
    /// - Parameters:
    ///   - initSegment: The track's init segment, clear or protected.
    ///   - protection: The same value the init segment is (or will be) protected with.
    ///   - nalUnitScanner: Video: where NAL units lie and what stays clear; nil for a
    ///     `SliceHeaderParser` on the sample entry's configuration record.
    ///   - firstIV: `cenc`: the first sample's IV; random when nil. Tests fix it.
    /// - Throws: `EncryptionError` when the init segment has no track Reel can encrypt, or its
    ///   `avcC`/`hvcC` cannot be read.
    public init(
        initSegment: [UInt8], protection: TrackProtection, nalUnitScanner: (any NALUnitScanner)? = nil,
        firstIV: UInt64? = nil
    ) throws(EncryptionError) {
        track = try TrackDescription(initSegment: initSegment)
        self.protection = protection
        if let nalUnitScanner {
            scanner = nalUnitScanner
        } else {
            scanner = try Self.defaultScanner(for: track)
        }
        nextIV = firstIV ?? UInt64.random(in: .min ... .max)
    }

    /// A `SliceHeaderParser` on a video track's configuration record; nil for audio.
    static func defaultScanner(for track: TrackDescription) throws(EncryptionError) -> (any NALUnitScanner)? {
        guard let codec = track.videoCodec else { return nil }
        do {
            return try SliceHeaderParser(codec: codec, configuration: track.configurationRecord)
        } catch {
            throw EncryptionError("init segment: \(track.format) configuration: \(error)")
        }
    }

    /// Encrypts a media segment in place.
    /// - Parameter segment: One or more `moof`+`mdat` fragments of the track.
    /// - Returns: Where bytes were inserted, to move byte ranges taken from the clear segment.
    /// - Throws: `EncryptionError` "fragment N: …" (N from `mfhd`) naming what is missing or
    ///   inconsistent, or "segment: …" for the segment as a whole. The segment may then be partly
    ///   encrypted; drop it.
    @discardableResult
    public mutating func encrypt(_ segment: inout [UInt8]) throws(EncryptionError) -> SegmentEdit {
        let top = try ISOBox.children(of: segment, in: 0..<segment.count, context: "segment")
        if top.contains(where: { $0.type == "sidx" }) {
            throw EncryptionError("segment: has a sidx, whose sizes encryption would change")
        }
        let cipher = SampleCipher(key: protection.key.key)
        var output: [UInt8] = []
        var copied = 0
        var insertions: [SegmentEdit.Insertion] = []
        for (index, moof) in top.enumerated() where moof.type == "moof" {
            let number = try fragmentNumber(moof, in: segment, ordinal: insertions.count + 1)
            let context = "fragment \(number)"
            guard index + 1 < top.count, top[index + 1].type == "mdat" else {
                throw EncryptionError("\(context): moof not followed by mdat")
            }
            if output.isEmpty { output.reserveCapacity(segment.count + 4096) }
            let newMoof = try encryptFragment(
                moof: moof, mdat: top[index + 1], in: &segment, cipher: cipher, context: context)
            output += segment[copied..<moof.start]
            output += newMoof
            copied = moof.end
            insertions.append(SegmentEdit.Insertion(offset: moof.end, count: newMoof.count - moof.size))
        }
        guard !insertions.isEmpty else { throw EncryptionError("segment: no moof box") }
        output += segment[copied...]
        segment = output
        return SegmentEdit(insertions: insertions)
    }

    /// The sequence number in `mfhd`, or the fragment's ordinal in the segment.
    private func fragmentNumber(_ moof: ISOBox, in bytes: [UInt8], ordinal: Int) throws(EncryptionError) -> Int {
        let children = try ISOBox.children(of: bytes, in: moof.payload, context: "fragment \(ordinal)")
        guard let mfhd = children.first(where: { $0.type == "mfhd" }), mfhd.payload.count >= 8 else { return ordinal }
        return Int(bytes.bigEndianUInt32(at: mfhd.payloadStart + 4))
    }

    /// Encrypts one fragment's samples in `segment` and patches its `trun` data offsets.
    /// - Returns: The new `moof`.
    private mutating func encryptFragment(
        moof: ISOBox, mdat: ISOBox, in segment: inout [UInt8], cipher: SampleCipher, context: String
    ) throws(EncryptionError) -> [UInt8] {
        let children = try ISOBox.children(of: segment, in: moof.payload, context: context)
        let trafs = children.filter { $0.type == "traf" }
        guard !trafs.isEmpty else { throw EncryptionError("\(context): moof without traf") }
        var added: [[UInt8]] = []
        var dataOffsetFields: [Int] = []
        var moved = 0
        for traf in trafs {
            let fragment = try FragmentTrack(
                traf: traf, moof: moof, mdat: mdat, in: segment, track: track, context: context)
            dataOffsetFields += fragment.dataOffsetFields
            let information = try encryptSamples(fragment.samples, in: &segment, cipher: cipher, context: context)
            // senc comes last in the traf; saio points at its first entry, from the moof's start.
            let trafEnd = traf.end - moof.start + moved
            let boxes = information.boxes(sencAt: { auxiliarySize in trafEnd + auxiliarySize })
            added.append(boxes)
            moved += boxes.count
        }
        for field in dataOffsetFields {
            let offset = Int64(Int32(bitPattern: segment.bigEndianUInt32(at: field))) + Int64(moved)
            guard offset <= Int64(Int32.max) else { throw EncryptionError("\(context): trun data offset overflows") }
            segment.setBigEndian(UInt32(offset), at: field)
        }
        var bytes = Array(segment[moof.start..<moof.end])
        for (traf, boxes) in zip(trafs, added).reversed() {
            bytes.insert(contentsOf: boxes, at: traf.end - moof.start)
            let relative = ISOBox(
                type: traf.type, start: traf.start - moof.start, payloadStart: traf.payloadStart - moof.start,
                end: traf.end - moof.start)
            try relative.grow(in: &bytes, by: boxes.count, context: context)
        }
        let relativeMoof = ISOBox(
            type: moof.type, start: 0, payloadStart: moof.payloadStart - moof.start, end: moof.size)
        try relativeMoof.grow(in: &bytes, by: moved, context: context)
        return bytes
    }

    /// Encrypts samples in place.
    /// - Returns: Their sample auxiliary information.
    private mutating func encryptSamples(
        _ samples: [Range<Int>], in segment: inout [UInt8], cipher: SampleCipher, context: String
    ) throws(EncryptionError) -> AuxiliaryInformation {
        var information = AuxiliaryInformation(subsamples: track.isVideo, sampleCount: samples.count)
        let video = track.videoCodec
        let minimumClear = track.nalLengthSize + (video.map(TrackDescription.nalHeaderSize) ?? 0)
        for (index, sample) in samples.enumerated() {
            let sampleContext = "\(context), sample \(index + 1)"
            var subsamples: [Subsample] = []
            if video != nil, var scanner {
                let units: [NALUnitSpan]
                do {
                    units = try scanner.nalUnits(inSample: segment[sample])
                } catch let error as SliceHeaderError {
                    throw EncryptionError("\(sampleContext): cannot parse slice header: \(error)")
                } catch {
                    throw EncryptionError("\(sampleContext): \(error)")
                }
                self.scanner = scanner
                subsamples = try Subsample.merging(
                    units, sampleSize: sample.count, minimumClear: minimumClear,
                    wholeBlocks: protection.scheme == .cenc, context: sampleContext)
            }
            let entryStart = information.entries.count
            ranges.removeAll(keepingCapacity: true)
            if video != nil {
                var at = sample.lowerBound
                for subsample in subsamples {
                    at += subsample.clearBytes
                    if subsample.protectedBytes > 0 { ranges.append(at..<at + subsample.protectedBytes) }
                    at += subsample.protectedBytes
                }
            } else if !sample.isEmpty {
                ranges.append(sample)
            }
            do {
                switch protection.scheme {
                case .cbcs:
                    let iv = protection.constantIV ?? []
                    let skip = video != nil ? 9 : 0
                    try segment.withUnsafeMutableBytes { bytes in
                        for range in ranges {
                            try cipher.encryptCBC(
                                UnsafeMutableRawBufferPointer(rebasing: bytes[range]), iv: iv, crypt: 1, skip: skip)
                        }
                    }
                case .cenc:
                    var iv: [UInt8] = []
                    iv.appendBigEndian(nextIV)
                    nextIV &+= 1
                    let counter = iv + [UInt8](repeating: 0, count: 8)
                    information.entries += protection.perSampleIVSize == 16 ? counter : iv
                    try segment.withUnsafeMutableBytes { bytes in
                        try cipher.encryptCTR(bytes, ranges: ranges, counter: counter)
                    }
                }
            } catch {
                throw EncryptionError("\(sampleContext): AES failed: \(error)")
            }
            if track.isVideo {
                guard subsamples.count <= Int(UInt16.max) else {
                    throw EncryptionError("\(sampleContext): \(subsamples.count) subsamples")
                }
                information.entries.appendBigEndian(UInt16(subsamples.count))
                for subsample in subsamples {
                    information.entries.appendBigEndian(UInt16(subsample.clearBytes))
                    information.entries.appendBigEndian(UInt32(subsample.protectedBytes))
                }
            }
            let size = information.entries.count - entryStart
            guard size <= Int(UInt8.max) else {
                throw EncryptionError(
                    "\(sampleContext): \(subsamples.count) subsamples, more than saiz can size (\(size) bytes)")
            }
            information.sizes.append(UInt8(size))
        }
        return information
    }
}
