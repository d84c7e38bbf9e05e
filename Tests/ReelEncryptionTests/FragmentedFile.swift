import Foundation

@testable import ReelEncryption

/// An fMP4 file cut as Reel writes one: the init segment (`ftyp`+`moov`) and media segments of
/// `fragmentsPerSegment` `moof`+`mdat` fragments each (a trailing `mfra` is dropped).
struct FragmentedFile {
    var initSegment: [UInt8]
    var segments: [[UInt8]]

    init(initSegment: [UInt8], segments: [[UInt8]]) {
        self.initSegment = initSegment
        self.segments = segments
    }

    init(_ bytes: [UInt8], fragmentsPerSegment: Int = 2) throws {
        let boxes = try ISOBox.children(of: bytes, in: 0..<bytes.count, context: "input")
        guard let firstMoof = boxes.firstIndex(where: { $0.type == "moof" }) else {
            throw EncryptionError("input: no moof")
        }
        initSegment = Array(bytes[0..<boxes[firstMoof].start])
        var fragments: [[UInt8]] = []
        var index = firstMoof
        while index + 1 < boxes.count, boxes[index].type == "moof", boxes[index + 1].type == "mdat" {
            fragments.append(Array(bytes[boxes[index].start..<boxes[index + 1].end]))
            index += 2
        }
        segments = stride(from: 0, to: fragments.count, by: fragmentsPerSegment).map {
            fragments[$0..<min($0 + fragmentsPerSegment, fragments.count)].flatMap { $0 }
        }
    }

    /// The whole file: init segment, then every segment.
    var bytes: [UInt8] { initSegment + segments.flatMap { $0 } }

    /// Writes the file into `directory` and returns its path.
    func write(_ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}
