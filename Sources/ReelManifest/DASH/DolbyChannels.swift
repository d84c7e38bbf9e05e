/// Dolby's DASH audio channel configuration (`tag:dolby.com,2014:dash:audio_channel_configuration:2011`),
/// which DASH-IF IOP asks of AC-3 and E-AC-3: four hexadecimal digits of a 16-bit speaker mask,
/// most significant bit first L, C, R, Ls, Rs, Lc/Rc, Lrs/Rrs, Cs, Ts, Lsd/Rsd, Lw/Rw, Lvh/Rvh, Cvh,
/// Lts/Rts, LFE2, LFE (ETSI TS 102 366 Table I.1.1): 5.1 is `F801`, stereo `A000`.
enum DolbyChannels {
    static let scheme = "tag:dolby.com,2014:dash:audio_channel_configuration:2011"

    /// The value for a layout.
    /// - Parameter mask: The speakers as a WAVEFORMATEXTENSIBLE channel mask (`AudioFacts.channelMask`).
    /// - Returns: Four uppercase hexadecimal digits, or nil when a speaker has no Dolby position.
    static func value(_ mask: UInt64) -> String? {
        // Surround channels are Ls/Rs; back channels too when there are no side ones, else Lrs/Rrs.
        let hasSides = mask & (sideLeft | sideRight) != 0
        var dolby: UInt16 = 0
        var rest = mask
        for (speakers, bits) in positions(hasSides: hasSides) where mask & speakers != 0 {
            dolby |= bits
            rest &= ~speakers
        }
        guard rest == 0, dolby != 0 else { return nil }
        let text = String(dolby, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - text.count) + text
    }

    private static let sideLeft: UInt64 = 0x200
    private static let sideRight: UInt64 = 0x400

    /// WAVEFORMATEXTENSIBLE speakers and the Dolby bits they set.
    private static func positions(hasSides: Bool) -> [(speakers: UInt64, bits: UInt16)] {
        [
            (0x1, 0x8000),  // front left: L
            (0x4, 0x4000),  // front centre: C
            (0x2, 0x2000),  // front right: R
            (sideLeft, 0x1000), (sideRight, 0x0800),  // Ls, Rs
            (0x10, hasSides ? 0x0200 : 0x1000), (0x20, hasSides ? 0x0200 : 0x0800),  // back: Lrs/Rrs or Ls, Rs
            (0x40 | 0x80, 0x0400),  // front left/right of centre: Lc/Rc
            (0x100, 0x0100),  // back centre: Cs
            (0x800, 0x0080),  // top centre: Ts
            (1 << 33 | 1 << 34, 0x0040),  // surround direct left/right: Lsd/Rsd
            (1 << 31 | 1 << 32, 0x0020),  // wide left/right: Lw/Rw
            (0x1000 | 0x4000, 0x0010),  // top front left/right: Lvh/Rvh
            (0x2000, 0x0008),  // top front centre: Cvh
            (0x8000 | 0x20000, 0x0004),  // top back left/right: Lts/Rts
            (1 << 35, 0x0002),  // second LFE: LFE2
            (0x8, 0x0001),  // LFE
        ]
    }
}
