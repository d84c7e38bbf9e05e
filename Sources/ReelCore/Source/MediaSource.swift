public import Foundation
import ReelMedia

/// A source named by reference: a local path, `file://`, `http(s)://`, `s3://BUCKET/KEY` or a
/// `data:` URI. A job carries only this, never the bytes; Reel reads only what it needs.
///
/// Serializes as `{"uri": "..."}`.
public struct MediaSource: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The URI or path exactly as given.
    var uri: String

    /// Where a source's bytes live.
    public enum Location: Sendable, Equatable {
        /// A local file.
        case file(path: String)
        /// An `http` or `https` URL, read with range requests.
        case http(url: String)
        /// An object in S3 (or an S3-compatible store), read with signed ranged GETs.
        case s3(bucket: String, key: String)
        /// Bytes embedded in a `data:` URI.
        case data(mediaType: String, bytes: Data)
    }

    /// - Parameter uri: A path or URI.
    public init(uri: String) {
        self.uri = uri
    }

    /// A short name for messages (a `data:` URI is abbreviated).
    public var description: String {
        guard uri.lowercased().hasPrefix("data:") else { return uri }
        let header = uri.prefix { $0 != "," }
        return "\(header),… (\(uri.utf8.count) characters)"
    }

    /// Parses the URI.
    /// - Returns: Where the bytes are.
    /// - Throws: `ReelError.permanent` for a malformed or unsupported URI.
    public func location() throws(ReelError) -> Location {
        let lower = uri.lowercased()
        if lower.hasPrefix("data:") { return try Self.parseData(uri, name: description) }
        if lower.hasPrefix("file://") {
            guard let url = URL(string: uri), url.isFileURL, !url.path.isEmpty else {
                throw .permanent("\(uri): not a valid file:// URI (use file:///absolute/path)")
            }
            return .file(path: url.path)
        }
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            guard let url = URL(string: uri), url.host != nil else { throw .permanent("\(uri): not a valid URL") }
            return .http(url: url.absoluteString)
        }
        if lower.hasPrefix("s3://") {
            let rest = uri.dropFirst(5)
            guard let slash = rest.firstIndex(of: "/") else {
                throw .permanent("\(uri): an S3 source needs s3://BUCKET/KEY")
            }
            let bucket = String(rest[..<slash])
            let key = String(rest[rest.index(after: slash)...])
            guard !bucket.isEmpty, !key.isEmpty, !key.hasSuffix("/") else {
                throw .permanent("\(uri): an S3 source needs s3://BUCKET/KEY naming one object")
            }
            return .s3(bucket: bucket, key: key)
        }
        if let colon = uri.firstIndex(of: ":"), uri[..<colon].count > 1,
            uri[..<colon].allSatisfy({ $0.isLetter || $0 == "+" || $0 == "-" || $0 == "." }),
            uri[colon...].hasPrefix("://")
        {
            throw .unsupportedFormat(
                source: uri,
                reason: "unsupported URI scheme '\(uri[..<colon])' (use a path, file://, http(s)://, "
                    + "s3:// or data:)")
        }
        guard !uri.isEmpty else { throw .permanent("empty source") }
        return .file(path: uri)
    }

    /// Opens the source's bytes for random access.
    /// - Parameter options: Network and S3 settings.
    /// - Returns: A byte source; remote ones read lazily with range requests.
    /// - Throws: `ReelError`: `invalidInput` for a missing or unreadable file, `permanent` for
    ///   403/404 and bad URIs, `transient` for network failures that outlasted the retries.
    func open(options: MediaSourceOptions = MediaSourceOptions()) throws(ReelError) -> any ByteSource {
        switch try location() {
        case .file(let path):
            return try FileByteSource(path: path, name: uri, requiresCanonicalPath: options.requiresCanonicalPaths)
        case .data(_, let bytes): return DataByteSource(bytes: bytes)
        case .http(let url): return try Self.httpBytes(url: url, options: options)
        case .s3(let bucket, let key): return try Self.s3Bytes(bucket: bucket, key: key, options: options)
        }
    }

    /// Opens a demuxer on the source, hashing the bytes as they are read.
    /// - Parameters:
    ///   - options: Network and S3 settings.
    ///   - isCancelled: Polled during blocking reads.
    /// - Returns: The demuxer and the hasher that computes the content id.
    /// - Throws: `ReelError` explaining why the source cannot be read.
    func openDemuxer(
        options: MediaSourceOptions = MediaSourceOptions(), isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(ReelError) -> (demuxer: Demuxer, hasher: ContentHasher) {
        let hasher = ContentHasher(wrapping: try open(options: options))
        FFmpegLog.installIfNeeded()
        do {
            let demuxer = try Demuxer(
                reading: hasher, name: description, readTimeout: options.readTimeout, isCancelled: isCancelled)
            try Self.requireConfidentProbe(demuxer, source: description)
            return (demuxer, hasher)
        } catch let error as MediaError {
            throw ReelError.openFailure(error, source: description)
        } catch {
            throw ReelError.classify(error, source: description)
        }
    }

    /// The SHA-256 of the source's bytes in lowercase hex, read once from start to end (nothing
    /// is written to disk).
    /// - Parameter options: Network and S3 settings.
    /// - Returns: The content id.
    /// - Throws: `ReelError` when the bytes cannot be read.
    func contentID(options: MediaSourceOptions = MediaSourceOptions()) throws(ReelError) -> String {
        try ContentHasher(wrapping: try open(options: options)).finish(source: description)
    }

    /// `AVPROBE_SCORE_RETRY`: at or below it FFmpeg itself warns of a possible misdetection.
    static let weakProbeScore = 25

    /// Refuses a container libavformat only guessed (a low probe score) that also has no duration:
    /// random bytes that look a little like a raw elementary stream (H.263, LRC…), never media.
    private static func requireConfidentProbe(_ demuxer: Demuxer, source: String) throws(ReelError) {
        guard demuxer.probeScore <= weakProbeScore, demuxer.duration == nil else { return }
        throw .unsupportedFormat(
            source: source,
            reason: "not a media file Reel can read (only a weak guess: \(demuxer.formatName), "
                + "probe score \(demuxer.probeScore) of 100, and no duration)")
    }

    private static func parseData(_ uri: String, name: String) throws(ReelError) -> Location {
        guard let comma = uri.firstIndex(of: ",") else {
            throw .permanent("\(name): a data: URI needs a comma before its data")
        }
        let header = uri[uri.index(uri.startIndex, offsetBy: 5)..<comma]
        let payload = String(uri[uri.index(after: comma)...])
        var parts = header.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let isBase64 = parts.last?.lowercased() == "base64"
        if isBase64 { parts.removeLast() }
        let mediaType = parts.first.flatMap { $0.isEmpty ? nil : $0 } ?? "text/plain"
        if isBase64 {
            let cleaned = (payload.removingPercentEncoding ?? payload).filter { !$0.isWhitespace }
            var padded = cleaned
            while padded.count % 4 != 0 { padded += "=" }
            guard let bytes = Data(base64Encoded: padded) else {
                throw .permanent("\(name): the data: URI's base64 payload is not valid base64")
            }
            return .data(mediaType: mediaType, bytes: bytes)
        }
        guard let decoded = payload.removingPercentEncoding else {
            throw .permanent("\(name): the data: URI's payload has invalid percent-encoding")
        }
        return .data(mediaType: mediaType, bytes: Data(decoded.utf8))
    }
}
