import Foundation

/// The text of a subtitle file, decoded from whatever common encoding it was saved in.
///
/// A byte-order mark decides when there is one (UTF-8, UTF-16 LE/BE); without one, NUL bytes
/// in every other position reveal UTF-16, then valid UTF-8 is taken as UTF-8, and anything else
/// is read as Latin-1 (Windows-1252, its superset used by Windows editors) with a warning.
/// Line endings become `\n`.
struct SubtitleText: Sendable, Equatable {
    /// The encodings a subtitle file can be read in.
    enum Encoding: String, Sendable, Equatable {
        case utf8 = "UTF-8"
        case utf16LE = "UTF-16LE"
        case utf16BE = "UTF-16BE"
        case latin1 = "Windows-1252"
    }

    /// The decoded text, without byte-order mark, lines ending in `\n`.
    var text: String
    /// The encoding it was read in.
    var encoding: Encoding
    /// A message when the encoding had to be guessed (Latin-1 fallback), else nil.
    var warning: String?

    /// Decodes a file's bytes.
    /// - Parameters:
    ///   - bytes: The file's contents.
    ///   - file: The file's name, for messages.
    /// - Throws: `SubtitleError.unsupportedFormat` for binary data (NUL bytes after decoding).
    init(decoding bytes: [UInt8], file: String) throws(SubtitleError) {
        var decoded: String?
        var encoding = Encoding.utf8
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            decoded = String(validating: bytes.dropFirst(3), as: UTF8.self)
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            encoding = .utf16LE
            decoded = Self.utf16(bytes.dropFirst(2), bigEndian: false)
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            encoding = .utf16BE
            decoded = Self.utf16(bytes.dropFirst(2), bigEndian: true)
        } else if let bigEndian = Self.looksLikeUTF16(bytes) {
            encoding = bigEndian ? .utf16BE : .utf16LE
            decoded = Self.utf16(bytes[...], bigEndian: bigEndian)
        } else {
            decoded = String(validating: bytes, as: UTF8.self)
        }
        if decoded == nil && encoding == .utf8 {
            encoding = .latin1
            decoded =
                String(data: Data(bytes), encoding: .windowsCP1252) ?? String(data: Data(bytes), encoding: .isoLatin1)
            warning = "\(file): not valid UTF-8; read as Latin-1 (Windows-1252)"
        }
        guard let text = decoded else {
            throw .unsupportedFormat(file: file, reason: "not valid \(encoding.rawValue) text")
        }
        guard !text.contains("\u{0}") else {
            throw .unsupportedFormat(file: file, reason: "binary data, not a text subtitle file")
        }
        var cleaned = text
        if cleaned.hasPrefix("\u{FEFF}") { cleaned.removeFirst() }
        self.text = cleaned.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        self.encoding = encoding
    }

    /// UTF-16 without a byte-order mark: most ASCII text has a NUL in every other byte.
    /// - Returns: true for big-endian, false for little-endian, nil when it does not look like UTF-16.
    private static func looksLikeUTF16(_ bytes: [UInt8]) -> Bool? {
        let sample = bytes.prefix(512)
        guard sample.count >= 4, sample.count % 2 == 0 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for (index, byte) in sample.enumerated() where byte == 0 {
            if index % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        let pairs = sample.count / 2
        if oddZeros * 10 >= pairs * 4 && evenZeros * 10 < pairs { return false }
        if evenZeros * 10 >= pairs * 4 && oddZeros * 10 < pairs { return true }
        return nil
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> String? {
        guard bytes.count % 2 == 0 else { return nil }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        return String(validating: units, as: UTF16.self)
    }
}
