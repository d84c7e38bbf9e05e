extension String {
    /// The string as an HLS quoted-string attribute value. RFC 8216 §4.2 forbids `"`, CR and LF inside,
    /// so `"` becomes `'` and line breaks become spaces.
    internal var hlsQuoted: String {
        let cleaned = map { character -> String in
            switch character {
            case "\"": return "'"
            case "\r", "\n", "\r\n": return " "
            default: return String(character)
            }
        }.joined()
        return "\"\(cleaned)\""
    }
}
