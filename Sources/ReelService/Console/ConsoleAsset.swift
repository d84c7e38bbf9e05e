import Crypto
import Foundation

/// One file of the web console as `reel serve` sends it: its bytes, content type and entity tag.
struct ConsoleAsset: Sendable {
    /// The file name in `console/`, e.g. `app.js`.
    let name: String
    /// The `Content-Type`, by the file's extension.
    let contentType: String
    /// The file's bytes (UTF-8 text).
    let bytes: [UInt8]
    /// A strong entity tag from the bytes' SHA-256, so a browser revalidates with
    /// `If-None-Match` and gets `304` until the binary serves another version.
    let etag: String

    /// The asset of a console file.
    /// - Parameters:
    ///   - name: The file name.
    ///   - text: The file's text.
    init(name: String, text: String) {
        self.name = name
        bytes = Array(text.utf8)
        contentType = Self.contentType(of: name)
        let digest = SHA256.hash(data: bytes)
        etag = "\"" + digest.prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// The content type of a console file name.
    static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last ?? "" {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        default: "application/octet-stream"
        }
    }
}
