/// Percent-encoding as SigV4 and S3 want it: every byte of the UTF-8 form except the unreserved
/// characters `A-Z a-z 0-9 - . _ ~` becomes `%XX` with uppercase hex digits.
///
/// The same text goes into the canonical request and into the URL libcurl sends
/// (`CURLOPT_PATH_AS_IS`), so what is signed is exactly what travels.
enum S3URIEncoding {
    /// Encodes an object path: `/` separators are kept, everything else is encoded.
    /// - Parameter path: The decoded path, such as `/bucket/a:b c.m4s`.
    /// - Returns: The encoded path, such as `/bucket/a%3Ab%20c.m4s`.
    static func path(_ path: String) -> String {
        encode(path, keepingSlash: true)
    }

    /// Encodes a query parameter's name or value; `/` is encoded too.
    /// - Parameter component: The decoded name or value.
    /// - Returns: The encoded text.
    static func queryComponent(_ component: String) -> String {
        encode(component, keepingSlash: false)
    }

    /// The canonical query string: names and values encoded, sorted by name then value, joined as
    /// `a=1&b=` (a parameter without a value keeps its `=`).
    /// - Parameter items: The decoded parameters.
    /// - Returns: The canonical query string, empty without parameters.
    static func canonicalQuery(_ items: [(name: String, value: String)]) -> String {
        items.map { (queryComponent($0.name), queryComponent($0.value)) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    private static func encode(_ text: String, keepingSlash: Bool) -> String {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            let unreserved =
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if unreserved || (keepingSlash && byte == 0x2F) {
                bytes.append(byte)
            } else {
                bytes += [0x25, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
