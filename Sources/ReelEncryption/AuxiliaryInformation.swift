/// The sample auxiliary information of one `traf` (ISO/IEC 23001-7 §7): each sample's IV (`cenc`)
/// and subsample map (video), and the boxes that carry and locate it: `saiz`, `saio`, `senc`.
///
/// ```swift
/// var information = AuxiliaryInformation(subsamples: true, sampleCount: 1)
/// information.entries = [0, 1, 0, 5, 0, 0, 0, 32]  // one subsample: 5 clear, 32 protected
/// information.sizes = [8]
/// let boxes = information.boxes(sencAt: { trafEnd + $0 })  // saiz + saio + senc
/// ```
struct AuxiliaryInformation {
    /// Whether entries carry subsample maps (`senc` flag 0x2).
    let subsamples: Bool
    /// Samples in the `traf`.
    let sampleCount: Int
    /// The entries, back to back: IV (when per-sample), subsample count and pairs.
    var entries: [UInt8] = []
    /// Each entry's size.
    var sizes: [UInt8] = []

    init(subsamples: Bool, sampleCount: Int) {
        self.subsamples = subsamples
        self.sampleCount = sampleCount
        entries.reserveCapacity(sampleCount * 16)
        sizes.reserveCapacity(sampleCount)
    }

    /// `saiz`, `saio` and `senc`, to append to the `traf`; `senc` alone when every entry is empty
    /// (`cbcs` audio: constant IV, no subsamples), as Shaka Packager writes it.
    /// - Parameter sencAt: Where `senc` will start, from the start of the `moof`, given the bytes
    ///   that come before it in what this returns.
    func boxes(sencAt: (Int) -> Int) -> [UInt8] {
        var senc: [UInt8] = []
        senc.appendBigEndian(UInt32(sampleCount))
        senc += entries
        let sencBox = ISOBox.makeFull("senc", version: 0, flags: subsamples ? 0x2 : 0, senc)
        guard sizes.contains(where: { $0 != 0 }) else { return sencBox }

        let uniform = sizes.allSatisfy { $0 == sizes[0] }
        var saiz: [UInt8] = [uniform ? sizes[0] : 0]
        saiz.appendBigEndian(UInt32(sampleCount))
        if !uniform { saiz += sizes }
        let saizBox = ISOBox.makeFull("saiz", version: 0, flags: 0, saiz)
        let saioSize = 20
        // The first entry follows senc's header, version and flags, and sample count.
        let offset = sencAt(saizBox.count + saioSize) + 16
        var saio: [UInt8] = []
        saio.appendBigEndian(UInt32(1))
        saio.appendBigEndian(UInt32(offset))
        let saioBox = ISOBox.makeFull("saio", version: 0, flags: 0, saio)
        assert(saioBox.count == saioSize)
        return saizBox + saioBox + sencBox
    }
}
