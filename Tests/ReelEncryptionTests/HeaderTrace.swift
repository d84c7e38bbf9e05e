import Foundation

/// What FFmpeg's `trace_headers` bitstream filter prints for a video stream: each packet with the NAL units
/// it parsed and where each syntax element lies. The oracle for slice header sizes.
struct HeaderTrace {
    /// One syntax element: where it starts in the NAL unit's RBSP, in bits, and how many bits it has.
    struct Element {
        var position: Int
        var name: String
        var width: Int
    }

    /// One NAL unit and its elements, the NAL header's first.
    struct Unit {
        var type: Int
        var elements: [Element] = []
    }

    /// One packet (sample): its size, presentation time and units.
    struct Packet {
        var size: Int
        var pts: Int64?
        var units: [Unit] = []
    }

    /// The packets in decoding order (the configuration record's units are not in any).
    var packets: [Packet] = []

    /// Every element name that occurs in a unit of a given kind, for coverage reports.
    func elementNames(where include: (Unit) -> Bool) -> Set<String> {
        var names: Set<String> = []
        for packet in packets {
            for unit in packet.units where include(unit) {
                for element in unit.elements {
                    names.insert(element.name.split(separator: "[").first.map(String.init) ?? element.name)
                }
            }
        }
        return names
    }

    /// Reads the trace ffmpeg wrote to standard error.
    init(_ text: String) {
        var current: Packet?
        var units: [Unit] = []
        func finish() {
            guard var packet = current else { return }
            packet.units = units
            packets.append(packet)
        }
        var inExtradata = false
        for line in text.split(separator: "\n") {
            guard let tag = line.range(of: "[trace_headers @"), let close = line[tag.upperBound...].firstIndex(of: "]")
            else { continue }
            let body = line[line.index(close, offsetBy: 2)...]
            if body.hasPrefix("Packet: ") {
                finish()
                units = []
                inExtradata = false
                let words = body.split(separator: " ")
                let pts = words.firstIndex(of: "pts").flatMap { Int64(words[$0 + 1].trimmingCharacters(in: [","])) }
                current = Packet(size: Int(words[1]) ?? -1, pts: pts)
                continue
            }
            if body == "Extradata" {
                inExtradata = true
                continue
            }
            // "<position>  <name>  <bits> = <value>"
            let fields = body.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 5, fields[fields.count - 2] == "=", let position = Int(fields[0]) else { continue }
            guard !inExtradata, current != nil else { continue }
            let element = Element(position: position, name: String(fields[1]), width: fields[fields.count - 3].count)
            if element.name == "forbidden_zero_bit" && position == 0 { units.append(Unit(type: -1)) }
            guard !units.isEmpty else { continue }
            if element.name == "nal_unit_type", let value = Int(fields[fields.count - 1]) {
                units[units.count - 1].type = value
            }
            units[units.count - 1].elements.append(element)
        }
        finish()
    }
}

extension HeaderTrace.Unit {
    /// Where the slice header ends, in RBSP bits from the start of the NAL unit: the end of its last element.
    /// H.264's `cabac_alignment_one_bit`s belong to the slice data; HEVC's `byte_alignment()` to the header.
    var sliceHeaderEnd: Int {
        elements.filter { $0.name != "cabac_alignment_one_bit" }.map { $0.position + $0.width }.max() ?? 0
    }
}
