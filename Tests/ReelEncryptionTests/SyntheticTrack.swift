@testable import ReelEncryption

/// Hand-built fMP4 for tests that need no encoder: an init segment of one `avc1` or `mp4a` track and
/// fragments whose sample sizes sit in `trun`, `tfhd` or (nowhere, leaving) `trex`.
enum SyntheticTrack {
    enum SizesIn {
        case trun
        case tfhd
        case trex
    }

    /// `ftyp` + `moov` with one track; `trex` gives `defaultSampleSize`.
    static func initSegment(video: Bool, trackID: UInt32 = 1, defaultSampleSize: UInt32 = 0) -> [UInt8] {
        var tkhd = [UInt8](repeating: 0, count: 8)
        tkhd.appendBigEndian(trackID)
        tkhd += [UInt8](repeating: 0, count: 68)
        let avcC = ISOBox.make("avcC", [1, 0x64, 0, 0x1F, 0xFF, 0xE0, 0])
        let entry =
            video
            ? ISOBox.make("avc1", [UInt8](repeating: 0, count: 78) + avcC)
            : ISOBox.make("mp4a", [UInt8](repeating: 0, count: 28))
        var stsdPayload: [UInt8] = []
        stsdPayload.appendBigEndian(UInt32(1))
        let stsd = ISOBox.makeFull("stsd", version: 0, flags: 0, stsdPayload + entry)
        let trak = ISOBox.make(
            "trak",
            ISOBox.makeFull("tkhd", version: 0, flags: 3, tkhd)
                + ISOBox.make("mdia", ISOBox.make("minf", ISOBox.make("stbl", stsd))))
        var trex: [UInt8] = []
        for value in [trackID, 1, 0, defaultSampleSize, 0] { trex.appendBigEndian(value) }
        let mvex = ISOBox.make("mvex", ISOBox.makeFull("trex", version: 0, flags: 0, trex))
        return ISOBox.make("ftyp", Array("iso6".utf8) + [0, 0, 0, 0]) + ISOBox.make("moov", trak + mvex)
    }

    /// One `moof`+`mdat` fragment of the samples (all of one size unless sizes are in `trun`).
    static func fragment(_ samples: [[UInt8]], sequence: UInt32 = 1, trackID: UInt32 = 1, sizesIn: SizesIn = .trun)
        -> [UInt8]
    {
        var mfhd: [UInt8] = []
        mfhd.appendBigEndian(sequence)
        var tfhd: [UInt8] = []
        tfhd.appendBigEndian(trackID)
        if sizesIn == .tfhd { tfhd.appendBigEndian(UInt32(samples.first?.count ?? 0)) }
        var tfdt: [UInt8] = []
        tfdt.appendBigEndian(UInt64(0))
        func moof(dataOffset: UInt32) -> [UInt8] {
            var trun: [UInt8] = []
            trun.appendBigEndian(UInt32(samples.count))
            trun.appendBigEndian(dataOffset)
            if sizesIn == .trun { for sample in samples { trun.appendBigEndian(UInt32(sample.count)) } }
            let traf = ISOBox.make(
                "traf",
                ISOBox.makeFull("tfhd", version: 0, flags: 0x20000 | (sizesIn == .tfhd ? 0x10 : 0), tfhd)
                    + ISOBox.makeFull("tfdt", version: 1, flags: 0, tfdt)
                    + ISOBox.makeFull("trun", version: 0, flags: 0x1 | (sizesIn == .trun ? 0x200 : 0), trun))
            return ISOBox.make("moof", ISOBox.makeFull("mfhd", version: 0, flags: 0, mfhd) + traf)
        }
        let size = moof(dataOffset: 0).count
        return moof(dataOffset: UInt32(size + 8)) + ISOBox.make("mdat", samples.flatMap { $0 })
    }

    /// A video sample: a 6-byte access unit delimiter, then one IDR slice filling the rest.
    static func videoSample(size: Int, seed: Int) -> [UInt8] {
        var sample: [UInt8] = [0, 0, 0, 2, 0x09, 0xF0]
        let slice = size - sample.count - 4
        sample.appendBigEndian(UInt32(slice))
        sample.append(0x65)
        var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        for _ in 1..<slice {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            sample.append(UInt8(truncatingIfNeeded: state))
        }
        return sample
    }
}
