/// The parts of an `avcC` or `hvcC` decoder configuration record (ISO/IEC 14496-15 5.3.2.1, 8.3.2.1) a slice
/// header parser needs: the NAL length-field size and the NAL units (SPS, PPS, VPS, SEI) it carries.
struct NALConfigurationRecord {
    /// `lengthSizeMinusOne + 1`: 1, 2 or 4.
    var lengthSize: Int
    /// The record's NAL units, in order.
    var nalUnits: [ArraySlice<UInt8>] = []

    /// Reads a record.
    /// - Parameters:
    ///   - codec: Which record it is: `avcC` for H.264, `hvcC` for HEVC.
    ///   - bytes: The record: the box payload, without the box header.
    init(codec: NALCodec, bytes: [UInt8]) throws(SliceHeaderError) {
        let name = codec == .h264 ? "avcC" : "hvcC"
        func cutShort() -> SliceHeaderError {
            SliceHeaderError(.invalidConfiguration, "the \(name) record is cut short")
        }
        var offset = 0
        func byte() throws(SliceHeaderError) -> Int {
            guard offset < bytes.count else { throw cutShort() }
            offset += 1
            return Int(bytes[offset - 1])
        }
        func unit() throws(SliceHeaderError) -> ArraySlice<UInt8> {
            let length = try byte() << 8 | byte()
            guard length <= bytes.count - offset else { throw cutShort() }
            offset += length
            return bytes[(offset - length)..<offset]
        }
        guard bytes.first == 1 else {
            throw SliceHeaderError(.invalidConfiguration, "the \(name) record's configurationVersion is not 1")
        }
        switch codec {
        case .h264:
            guard bytes.count >= 6 else { throw cutShort() }
            lengthSize = Int(bytes[4] & 3) + 1
            offset = 5
            for _ in 0..<(try byte() & 0x1F) { nalUnits.append(try unit()) }  // numOfSequenceParameterSets
            for _ in 0..<(try byte()) { nalUnits.append(try unit()) }  // numOfPictureParameterSets
        // The High-profile tail (chroma format, bit depths, SPS extensions) repeats what the SPS says.
        case .hevc:
            guard bytes.count >= 23 else { throw cutShort() }
            lengthSize = Int(bytes[21] & 3) + 1
            offset = 22
            for _ in 0..<(try byte()) {  // numOfArrays
                _ = try byte()  // array_completeness, reserved, NAL_unit_type
                for _ in 0..<(try byte() << 8 | byte()) { nalUnits.append(try unit()) }  // numNalus
            }
        }
        guard lengthSize != 3 else {
            throw SliceHeaderError(.invalidConfiguration, "the \(name) record's NAL length size is 3 bytes")
        }
    }
}
