import Foundation

/// Helpers for HTTP range responses.
package enum HTTPRange {
    /// The total size from a `Content-Range: bytes a-b/total` (or `bytes */total`) header.
    /// - Parameter contentRange: The header's value.
    /// - Returns: The total, or nil when it is `*` or malformed.
    package static func totalSize(contentRange: String) -> Int64? {
        guard let slash = contentRange.lastIndex(of: "/") else { return nil }
        return Int64(contentRange[contentRange.index(after: slash)...].trimmingCharacters(in: .whitespaces))
    }
}
