/// An HLS master playlist narrowed to one video rendition (the preview's rendition picker): the
/// variants (`EXT-X-STREAM-INF` and the URI after it) and I-frame variants of other renditions
/// are left out; audio and subtitle renditions (`EXT-X-MEDIA`) and every other tag stay.
enum MasterPlaylistFilter {
    /// A rendition id as a package names its directory (`v720p`).
    static func isRenditionID(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x2D || byte == 0x5F
            }
    }

    /// The master playlist with only the variants of one rendition.
    /// - Parameters:
    ///   - rendition: The rendition's id (its directory in the package).
    ///   - text: The master playlist.
    /// - Returns: The narrowed playlist, or nil when no variant plays that rendition.
    static func keeping(_ rendition: String, in text: String) -> String? {
        let prefix = rendition + "/"
        var kept: [Substring] = []
        var variants = 0
        var pendingVariant: Substring?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if let tag = pendingVariant {
                // The URI line of the variant tag before it (blank lines and comments may come first).
                if trimmed.isEmpty || trimmed.hasPrefix("#") {
                    if trimmed.hasPrefix("#EXT") {
                        pendingVariant = nil
                    } else {
                        continue
                    }
                } else {
                    pendingVariant = nil
                    if trimmed.hasPrefix(prefix) {
                        kept.append(tag)
                        kept.append(line)
                        variants += 1
                    }
                    continue
                }
            }
            if trimmed.hasPrefix("#EXT-X-STREAM-INF:") {
                pendingVariant = line
                continue
            }
            if trimmed.hasPrefix("#EXT-X-I-FRAME-STREAM-INF:") {
                if trimmed.contains("URI=\"\(prefix)") { kept.append(line) }
                continue
            }
            kept.append(line)
        }
        return variants > 0 ? kept.joined(separator: "\n") : nil
    }
}
