/// One manifest file: its path inside the package and its complete text.
public struct ManifestFile: Sendable, Equatable {
    /// Path relative to the package root, e.g. `master.m3u8` or `v720p/index.m3u8`.
    public var path: String
    /// The file's UTF-8 text, ending with a newline.
    public var text: String

    /// Creates a manifest file.
    /// - Parameters:
    ///   - path: Path relative to the package root.
    ///   - text: The file's text.
    init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
