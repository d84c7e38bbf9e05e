import Foundation
import ReelManifest
import ReelOutput

/// Wraps a package's output and adds the thumbnail AdaptationSet to `manifest.mpd` as it is
/// written, so DASH players find the sprites; every other file passes through unchanged.
public final class ThumbnailManifestOutput: MultiFileOutput, @unchecked Sendable {
    private let base: any MultiFileOutput
    private let track: ThumbnailTrack

    /// - Parameters:
    ///   - base: The package's output.
    ///   - track: The sprites written into it.
    public init(wrapping base: any MultiFileOutput, track: ThumbnailTrack) {
        self.base = base
        self.track = track
    }

    public func write(_ data: Data, to relativePath: String, contentType: ContentType) throws {
        guard relativePath == DASHWriter.fileName, let text = String(data: data, encoding: .utf8) else {
            return try base.write(data, to: relativePath, contentType: contentType)
        }
        try base.write(Data(Self.inject(track, into: text).utf8), to: relativePath, contentType: contentType)
    }

    public func makeWriter(for relativePath: String, contentType: ContentType) throws -> any OutputFileWriter {
        try base.makeWriter(for: relativePath, contentType: contentType)
    }

    public func finish() throws {
        try base.finish()
    }

    public func abort() {
        base.abort()
    }

    public var writtenFiles: [WrittenFile] { base.writtenFiles }

    /// Inserts the AdaptationSet before the first `</Period>`, with the next free id.
    static func inject(_ track: ThumbnailTrack, into mpd: String) -> String {
        guard let end = mpd.range(of: "  </Period>") ?? mpd.range(of: "</Period>") else { return mpd }
        var next = 0
        var rest = mpd[...]
        while let found = rest.range(of: "<AdaptationSet id=\"") {
            let digits = rest[found.upperBound...].prefix { $0.isNumber }
            if let id = Int(digits) { next = max(next, id + 1) }
            rest = rest[found.upperBound...]
        }
        return mpd.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: track.dashAdaptationSet(id: next))
    }
}
