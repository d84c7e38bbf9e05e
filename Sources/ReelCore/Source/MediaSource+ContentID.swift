import Crypto
import Foundation

extension MediaSource {
    /// The placeholder for the content id in output paths.
    static let contentIDPlaceholder = "{content_id}"

    /// Replaces `{content_id}` in an output destination with the source's SHA-256.
    ///
    /// The destination must be known before packaging starts, so the id is computed with one
    /// sequential read of the source first (streamed, never copied to disk); destinations
    /// without the placeholder cost nothing.
    /// - Parameters:
    ///   - template: A destination such as `s3://bucket/packages/{content_id}/`.
    ///   - options: Network and S3 settings.
    /// - Returns: The destination with every placeholder replaced, and the id when computed.
    /// - Throws: `ReelError` when the source cannot be read.
    func expandingContentID(in template: String, options: MediaSourceOptions = MediaSourceOptions())
        throws(ReelError) -> (destination: String, contentID: String?)
    {
        guard template.contains(Self.contentIDPlaceholder) else { return (template, nil) }
        let id = try contentID(options: options)
        return (template.replacingOccurrences(of: Self.contentIDPlaceholder, with: id), id)
    }

    /// The content id of several inputs: each input's SHA-256 alone for one input, otherwise the
    /// SHA-256 of their digests joined by commas in order, so the same inputs give the same id.
    /// - Parameter digests: Each input's SHA-256, lowercase hex.
    static func contentID(of digests: [String]) -> String {
        if digests.count == 1 { return digests[0] }
        let hash = SHA256.hash(data: Data(digests.joined(separator: ",").utf8))
        return hash.map { String(format: "%02x", $0) }.joined()
    }
}
