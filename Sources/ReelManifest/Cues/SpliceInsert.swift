/// An SCTE-35 `splice_info_section` carrying one `splice_insert` command (ANSI/SCTE 35 §9.6, §9.7.3):
/// the signal an ad-insertion service reads at an ad break, carried in HLS `EXT-X-DATERANGE`'s
/// `SCTE35-OUT` attribute.
///
/// ```swift
/// let section = SpliceInsert(eventID: 1, ptsTime: 2_700_000).section()   // out of network at 30 s
/// SpliceInsert(eventID: 1, ptsTime: 2_700_000).hex                        // "0xFC30…"
/// ```
/// The section is clear (not encrypted), applies to the whole programme (`program_splice_flag`),
/// is scheduled at `ptsTime` (not immediate), has no descriptors and ends with its CRC-32/MPEG-2.
public struct SpliceInsert: Sendable, Equatable {
    /// `splice_event_id`: unique among the package's breaks.
    public var eventID: UInt32
    /// The splice instant on the 90 kHz clock (33 bits).
    public var ptsTime: UInt64
    /// The break's length on the 90 kHz clock (33 bits), nil when not known (the ad decision server decides).
    public var breakDuration: UInt64?
    /// Whether the splice leaves the network feed (an ad break starts): `out_of_network_indicator`.
    public var outOfNetwork: Bool
    /// `unique_program_id`.
    public var programID: UInt16
    /// `avail_num` and `avails_expected`.
    public var availNumber: UInt8
    public var availsExpected: UInt8

    /// Creates a splice insert leaving the network at `ptsTime`.
    public init(
        eventID: UInt32, ptsTime: UInt64, breakDuration: UInt64? = nil, outOfNetwork: Bool = true,
        programID: UInt16 = 1, availNumber: UInt8 = 0, availsExpected: UInt8 = 0
    ) {
        self.eventID = eventID
        self.ptsTime = ptsTime
        self.breakDuration = breakDuration
        self.outOfNetwork = outOfNetwork
        self.programID = programID
        self.availNumber = availNumber
        self.availsExpected = availsExpected
    }

    /// The `splice_insert()` command's bytes.
    var command: [UInt8] {
        var bits = BitWriter()
        bits.write(UInt64(eventID), 32)
        bits.write(0, 1)  // splice_event_cancel_indicator
        bits.write(0x7F, 7)  // reserved
        bits.write(outOfNetwork ? 1 : 0, 1)
        bits.write(1, 1)  // program_splice_flag
        bits.write(breakDuration == nil ? 0 : 1, 1)  // duration_flag
        bits.write(0, 1)  // splice_immediate_flag
        bits.write(1, 1)  // event_id_compliance_flag
        bits.write(0x7, 3)  // reserved
        // splice_time(): time_specified_flag, 6 reserved bits, pts_time.
        bits.write(1, 1)
        bits.write(0x3F, 6)
        bits.write(ptsTime & 0x1_FFFF_FFFF, 33)
        if let breakDuration {
            // break_duration(): auto_return, 6 reserved bits, duration.
            bits.write(1, 1)
            bits.write(0x3F, 6)
            bits.write(breakDuration & 0x1_FFFF_FFFF, 33)
        }
        bits.write(UInt64(programID), 16)
        bits.write(UInt64(availNumber), 8)
        bits.write(UInt64(availsExpected), 8)
        return bits.bytes
    }

    /// The whole `splice_info_section`, CRC included.
    public func section() -> [UInt8] {
        let command = self.command
        // From protocol_version to the CRC: 11 bytes of header, the command type, the command,
        // the descriptor loop length (2) and the CRC (4).
        let sectionLength = 11 + command.count + 2 + 4
        var bits = BitWriter()
        bits.write(0xFC, 8)  // table_id
        bits.write(0, 1)  // section_syntax_indicator
        bits.write(0, 1)  // private_indicator
        bits.write(0x3, 2)  // sap_type: not specified
        bits.write(UInt64(sectionLength), 12)
        bits.write(0, 8)  // protocol_version
        bits.write(0, 1)  // encrypted_packet
        bits.write(0, 6)  // encryption_algorithm
        bits.write(0, 33)  // pts_adjustment
        bits.write(0, 8)  // cw_index
        bits.write(0xFFF, 12)  // tier: all
        bits.write(UInt64(command.count), 12)  // splice_command_length
        bits.write(0x05, 8)  // splice_command_type: splice_insert
        var bytes = bits.bytes + command + [0, 0]  // descriptor_loop_length 0
        let crc = CRC32MPEG2.checksum(bytes)
        bytes += [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
        return bytes
    }

    /// The section as HLS writes it in `SCTE35-OUT`: `0x` and uppercase hex.
    public var hex: String {
        "0x" + Hex.string(section()).uppercased()
    }
}

/// Bits written most significant first, as MPEG sections lay them out.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var used = 8

    /// Appends the low `count` bits of `value`.
    mutating func write(_ value: UInt64, _ count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) {
            if used == 8 {
                bytes.append(0)
                used = 0
            }
            if value >> UInt64(shift) & 1 == 1 { bytes[bytes.count - 1] |= 0x80 >> UInt8(used) }
            used += 1
        }
    }
}

/// CRC-32/MPEG-2 (polynomial 0x04C11DB7, initial value 0xFFFFFFFF, no reflection, no final XOR):
/// the checksum of every MPEG-2 PSI and SCTE-35 section.
enum CRC32MPEG2 {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index) << 24
        for _ in 0..<8 {
            crc = crc & 0x8000_0000 != 0 ? crc << 1 ^ 0x04C1_1DB7 : crc << 1
        }
        return crc
    }

    /// The checksum of `bytes`.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = crc << 8 ^ table[Int((crc >> 24) ^ UInt32(byte))]
        }
        return crc
    }
}
