import ReelEncryption

/// A stand-in for the slice header parser in tests: keeps each VCL NAL unit's length field and NAL
/// header clear (1 byte in H.264, 2 in HEVC) and non-VCL NAL units entirely clear. Decoders
/// decrypt such samples as well as ones with clear slice headers.
struct NALHeaderScanner: NALUnitScanner {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    var lengthSize = 4
    var hevc = false

    func nalUnits(inSample sample: ArraySlice<UInt8>) throws -> [NALUnitSpan] {
        var units: [NALUnitSpan] = []
        let headerSize = hevc ? 2 : 1
        var at = 0
        while at < sample.count {
            let start = sample.startIndex + at
            guard at + lengthSize + headerSize <= sample.count else {
                throw Malformed(description: "NAL unit at \(at) cut short")
            }
            let length = sample[start..<start + lengthSize].reduce(0) { $0 << 8 | Int($1) }
            guard length >= headerSize, at + lengthSize + length <= sample.count else {
                throw Malformed(description: "NAL unit at \(at) of \(length) bytes runs past the sample")
            }
            let header = sample[start + lengthSize]
            let isVCL = hevc ? (header >> 1 & 0x3F) < 32 : (1...5).contains(header & 0x1F)
            let size = lengthSize + length
            units.append(NALUnitSpan(offset: at, length: size, clearBytes: isVCL ? lengthSize + headerSize : size))
            at += size
        }
        return units
    }
}
