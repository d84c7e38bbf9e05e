/// Why a subtitle file cannot be used. Every case names the file; a malformed file also names
/// the line.
enum SubtitleError: Error, Sendable, Equatable {
    /// The file's text does not follow its format; `line` counts from 1.
    case malformed(file: String, line: Int, reason: String)
    /// The file is not a subtitle format Reel reads (or not text at all).
    case unsupportedFormat(file: String, reason: String)

    /// The file the error is about.
    var file: String {
        switch self {
        case .malformed(let file, _, _), .unsupportedFormat(let file, _): file
        }
    }

    /// The error in Reel's taxonomy: a malformed file is invalid input, an unknown format is
    /// unsupported.
    var reelError: ReelError {
        switch self {
        case .malformed(let file, let line, let reason):
            .invalidInput(source: file, stream: nil, reason: "line \(line): \(reason)")
        case .unsupportedFormat(let file, let reason):
            .unsupportedFormat(source: file, reason: reason)
        }
    }
}

extension SubtitleError: CustomStringConvertible {
    /// One line: `subs.srt: line 12: reason`.
    var description: String { reelError.description }
}
